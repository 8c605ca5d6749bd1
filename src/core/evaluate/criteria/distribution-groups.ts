/** Gate 4: distinct stakeholder groups the report was delivered to. */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { get } from '../safe.ts';
import type { CountedItem } from '../types.ts';

export const distributionGroups = defineCriterion({
  id: 'distribution_groups',
  gate: 4,
  needs: ['distribution-log'],
  reads: ['distribution-log'],
  operator: '>=',
  unit: 'count',
  formula: 'distinct groups delivered (trimmed, case-insensitive)',
  threshold: (c) => get(c, 'governance', 'min_distribution_groups'),
  label: (t) => `Performance report distributed to >= ${String(t)} stakeholder groups`,
  measure(ctx) {
    const seen = new Map<string, string>();
    for (const g of ctx.model.deliveries ?? [])
      if (g !== '' && !seen.has(g.toLowerCase())) seen.set(g.toLowerCase(), g);
    const items: CountedItem[] = [...seen.values()].map((g) => ({
      kind: 'group',
      id: g,
      counted: true,
      file: fileOf('distribution-log'),
    }));
    return {
      actual: seen.size,
      numerator: seen.size,
      items,
      summary: `${seen.size} distinct group${seen.size === 1 ? '' : 's'}${seen.size ? ` (${[...seen.values()].join(', ')})` : ''}`,
    };
  },
});
