/** hypothesis-log.md: unique ids, known services. */
import { pointerOf } from '../../diagnostics.ts';
import { duplicates, type Rule } from './context.ts';

export const hypothesesRule: Rule = ({ r, valid, known }) => {
  const a = valid['hypothesis-log'];
  if (!a) return;
  const hypotheses = a.data.hypotheses;
  for (const [i, id] of duplicates(hypotheses, (h) => h.id)) {
    r.error(
      a,
      'hypothesis.duplicate-id',
      pointerOf('hypotheses', i, 'id'),
      `Unexpected duplicate hypothesis id \`${id}\``,
      'Number hypotheses uniquely (H-1, H-2, ...).',
    );
  }
  hypotheses.forEach(
    (h, i) =>
      h.service !== undefined &&
      known(a, pointerOf('hypotheses', i, 'service'), h.service, `hypothesis ${h.id}`),
  );
};
