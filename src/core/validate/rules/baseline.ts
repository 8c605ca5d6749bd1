/** baseline-metrics.csv: every row's service is a service of the intake. */
import { pointerOf } from '../../diagnostics.ts';
import type { Rule } from './context.ts';

export const baselineRule: Rule = ({ valid, known }) => {
  const a = valid['baseline-metrics'];
  if (!a) return;
  a.data.rows.forEach((row, i) =>
    known(a, pointerOf('rows', i, 'service'), String(row.service), `row ${i + 1}`),
  );
};
