/** slo-update-record.json: every SLO names a service of the intake. */
import { pointerOf } from '../../diagnostics.ts';
import type { Rule } from './context.ts';

export const sloRule: Rule = ({ valid, known }) => {
  const a = valid['slo-update-record'];
  if (!a) return;
  a.data.slos.forEach((s, i) => known(a, pointerOf('slos', i, 'service'), s.service, `SLO ${s.sli}`));
};
