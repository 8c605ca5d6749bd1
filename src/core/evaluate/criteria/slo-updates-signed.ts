/** Gate 4: the SLO update record is approved with at least one signature. */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import type { CountedItem } from '../types.ts';

export const sloUpdatesSigned = defineCriterion({
  id: 'slo_updates_signed',
  gate: 4,
  needs: ['slo-update-record'],
  reads: ['slo-update-record'],
  operator: '=',
  unit: 'bool',
  formula: 'approval.status = approved and approval.approvals has at least one signature',
  threshold: () => true,
  label: () => 'SLO updates signed (approval status = approved)',
  measure(ctx) {
    const slo = ctx.model.slo ?? { approvals: [] };
    const items: CountedItem[] = slo.approvals.map((a, i) => ({
      kind: 'approval',
      id: a.name,
      counted: true,
      value: a.role,
      file: fileOf('slo-update-record'),
      pointer: `/approval/approvals/${i}`,
    }));
    const signed = slo.status === 'approved' && slo.approvals.length >= 1;
    const why =
      slo.status !== 'approved'
        ? `approval status is ${slo.status ?? 'missing'}`
        : slo.approvals.length === 0
          ? 'approved but no approval signature'
          : `approved by ${slo.approvals.map((a) => a.name).join(', ')}`;
    return { actual: signed, numerator: slo.approvals.length, items, summary: why };
  },
});
