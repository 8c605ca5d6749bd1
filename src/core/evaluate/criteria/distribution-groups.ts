/** Gate 4: distinct stakeholder groups the report was delivered to, by the evaluation time. */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import type { CountedItem } from '../types.ts';
import { inForce, normalizeName, notYetInForce } from './common.ts';
import { plural } from '../../format/plural.ts';

export const distributionGroups = defineCriterion({
  id: 'distribution_groups',
  gate: 4,
  needs: ['distribution-log'],
  reads: ['distribution-log'],
  operator: '>=',
  unit: 'count',
  formula:
    'distinct groups delivered at or before the evaluation time (compared after NFKC, without invisible characters, whitespace collapsed, case folded)',
  configKey: 'governance.min_distribution_groups',
  threshold: (c) => c.governance.min_distribution_groups,
  label: (t) => `Performance report distributed to >= ${String(t)} stakeholder groups`,
  measure(ctx) {
    const seen = new Map<string, string>();
    const items: CountedItem[] = [];
    for (const d of ctx.model.deliveries ?? []) {
      const key = normalizeName(d.group);
      const where = { file: fileOf('distribution-log'), pointer: `/deliveries/${d.index}` };
      if (!inForce(ctx, d.at)) {
        items.push({
          kind: 'group',
          id: d.group,
          counted: false,
          note: notYetInForce(d.deliveredAt),
          ...where,
        });
      } else if (key !== '' && !seen.has(key)) {
        seen.set(key, d.group);
        items.push({ kind: 'group', id: d.group, counted: true, ...where });
      } else if (key !== '') {
        items.push({
          kind: 'group',
          id: d.group,
          counted: false,
          note: `same group as ${seen.get(key) ?? ''}`,
          ...where,
        });
      }
    }
    const groups = [...seen.values()];
    const later = items.filter((i) => i.note?.includes('not yet in force')).length;
    return {
      actual: seen.size,
      numerator: seen.size,
      items,
      summary: `${plural(seen.size, 'distinct group')}${groups.length ? ` (${groups.join(', ')})` : ''}${later ? `; ${plural(later, 'delivery')} after the evaluation time not counted` : ''}`,
    };
  },
});
