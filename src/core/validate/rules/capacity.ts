/** capacity-analysis.md: every section names a service of the intake. */
import { pointerOf } from '../../diagnostics.ts';
import type { Rule } from './context.ts';

export const capacityRule: Rule = ({ valid, known }) => {
  const a = valid['capacity-analysis'];
  if (!a) return;
  a.data.sections.forEach((s, i) =>
    known(a, pointerOf('sections', i, 'service'), s.service, 'the section heading'),
  );
};
