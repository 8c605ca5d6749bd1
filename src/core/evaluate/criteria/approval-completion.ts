/** Gate 4: required reviewer roles with an approved review. */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { formatThreshold } from '../../format/index.ts';
import { get, list } from '../safe.ts';
import type { CountedItem } from '../types.ts';
import { configStrings } from './common.ts';

const norm = (s: string) => s.trim().toLowerCase();

export const approvalCompletion = defineCriterion({
  id: 'approval_completion',
  gate: 4,
  needs: ['reviewer-signoff'],
  reads: ['reviewer-signoff'],
  operator: '>=',
  unit: 'ratio',
  formula:
    'governance.required_roles with an approved review (role matched case-insensitively) / required roles',
  threshold: (c) => get(c, 'governance', 'approval_threshold'),
  label: (t) => `Approval completion >= ${formatThreshold('ratio', t)}`,
  measure(ctx) {
    const roles = configStrings(ctx, 'governance', 'required_roles');
    const reviews = ctx.model.reviews ?? [];
    const items: CountedItem[] = roles.map((role) => {
      const ok = reviews.find((r) => norm(r.role) === norm(role) && r.decision === 'approved');
      const other = reviews.find((r) => norm(r.role) === norm(role));
      return {
        kind: 'role',
        id: role,
        counted: ok !== undefined,
        file: fileOf('reviewer-signoff'),
        ...(ok
          ? { value: ok.reviewer }
          : { note: other ? `${other.reviewer}: ${other.decision}` : 'no review' }),
      };
    });
    if (roles.length === 0)
      return { notEvaluable: 'governance.required_roles is empty', items, denominator: 0 };
    const numerator = items.filter((i) => i.counted).length;
    const gaps = items.filter((i) => !i.counted).map((i) => `${i.id} (${i.note ?? ''})`);
    return {
      actual: numerator / roles.length,
      numerator,
      denominator: roles.length,
      items,
      summary: `${numerator} of ${roles.length} required roles approved${gaps.length ? `; missing ${list(gaps)}` : ''}`,
    };
  },
});
