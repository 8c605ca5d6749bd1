/**
 * Gate 4: required reviewer roles approved. For each role the latest review signed at or before
 * the evaluation time decides: a later rejection withdraws an earlier approval, and a review dated
 * after the evaluation time is shown as not yet in force, never counted.
 */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { formatThreshold } from '../../format/index.ts';
import type { Review } from '../model.ts';
import { list } from '../safe.ts';
import type { CountedItem } from '../types.ts';
import { distinct, inForce, normalizeName, notYetInForce } from './common.ts';

/** The deciding review of a role: latest signed_at in force; on a tie the later entry in the file. */
function deciding(reviews: readonly Review[]): Review | undefined {
  return reviews.reduce<Review | undefined>(
    (best, r) => (!best || (r.at ?? -Infinity) >= (best.at ?? -Infinity) ? r : best),
    undefined,
  );
}

export const approvalCompletion = defineCriterion({
  id: 'approval_completion',
  gate: 4,
  needs: ['reviewer-signoff'],
  reads: ['reviewer-signoff'],
  operator: '>=',
  unit: 'ratio',
  formula:
    'governance.required_roles whose latest review at or before the evaluation time is approved (role matched case-insensitively) / required roles',
  configKey: 'governance.approval_threshold',
  threshold: (c) => c.governance.approval_threshold,
  label: (t) => `Approval completion >= ${formatThreshold('ratio', t)}`,
  measure(ctx) {
    const roles = distinct(ctx.config.governance.required_roles);
    const reviews = ctx.model.reviews ?? [];
    const file = fileOf('reviewer-signoff');
    const items: CountedItem[] = [];
    for (const role of roles) {
      const mine = reviews.filter((r) => normalizeName(r.role) === normalizeName(role));
      const current = mine.filter((r) => inForce(ctx, r.at));
      const last = deciding(current);
      const ok = last?.decision === 'approved';
      items.push({
        kind: 'role',
        id: role,
        counted: ok,
        file,
        ...(last ? { pointer: `/reviews/${last.index}` } : {}),
        ...(ok && last
          ? { value: last.reviewer }
          : { note: last ? `${last.reviewer}: ${last.decision} (${last.signedAt})` : 'no review in force' }),
      });
      for (const r of mine.filter((x) => !inForce(ctx, x.at)))
        items.push({
          kind: 'review',
          id: `${role}: ${r.reviewer} ${r.decision}`,
          counted: false,
          file,
          pointer: `/reviews/${r.index}`,
          note: notYetInForce(r.signedAt),
        });
    }
    if (roles.length === 0)
      return { notEvaluable: 'governance.required_roles is empty', items, denominator: 0 };
    const roleItems = items.filter((i) => i.kind === 'role');
    const numerator = roleItems.filter((i) => i.counted).length;
    const gaps = roleItems.filter((i) => !i.counted).map((i) => `${i.id} (${i.note ?? ''})`);
    return {
      actual: numerator / roles.length,
      numerator,
      denominator: roles.length,
      items,
      summary: `${numerator} of ${roles.length} required roles approved${gaps.length ? `; missing ${list(gaps)}` : ''}`,
    };
  },
});
