/** Gate 1: hypotheses captured with an owner, a risk rating and a validation. */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import type { CountedItem } from '../types.ts';

export const hypotheses = defineCriterion({
  id: 'hypotheses',
  gate: 1,
  needs: ['hypothesis-log'],
  reads: ['hypothesis-log'],
  operator: '>=',
  unit: 'count',
  formula: 'hypotheses with owner, risk and validation',
  configKey: 'baseline.min_hypotheses',
  threshold: (c) => c.baseline.min_hypotheses,
  label: (t) => `>= ${String(t)} hypotheses captured with owner and risk rating`,
  measure(ctx) {
    const all = ctx.model.hypotheses ?? [];
    const items: CountedItem[] = all.map((h) => {
      const lacking = (['owner', 'risk', 'validation'] as const).filter((k) => h[k] === undefined);
      const item: CountedItem = {
        kind: 'hypothesis',
        id: h.id,
        counted: lacking.length === 0,
        file: fileOf('hypothesis-log'),
      };
      if (lacking.length) item.note = `no ${lacking.join(', ')}`;
      return item;
    });
    const numerator = items.filter((i) => i.counted).length;
    return {
      actual: numerator,
      numerator,
      items,
      summary: `${numerator} of ${items.length} hypotheses have owner, risk and validation`,
    };
  },
});
