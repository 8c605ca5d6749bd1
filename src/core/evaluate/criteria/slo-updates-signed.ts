/** Gate 4: the SLO update record is approved with at least one signature in force. */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import type { CountedItem } from '../types.ts';
import { inForce, notYetInForce } from './common.ts';
import { plural } from '../../format/plural.ts';

export const sloUpdatesSigned = defineCriterion({
  id: 'slo_updates_signed',
  gate: 4,
  needs: ['slo-update-record'],
  reads: ['slo-update-record'],
  operator: '=',
  unit: 'bool',
  formula:
    'approval.status = approved and approval.approvals has at least one signature dated at or before the evaluation time',
  threshold: () => true,
  label: () => 'SLO updates signed (approval status = approved)',
  measure(ctx) {
    const slo = ctx.model.slo ?? { status: 'missing', approvals: [] };
    const items: CountedItem[] = slo.approvals.map((a) => {
      const counted = inForce(ctx, a.at);
      return {
        kind: 'approval',
        id: a.name,
        counted,
        value: a.role,
        file: fileOf('slo-update-record'),
        pointer: `/approval/approvals/${a.index}`,
        ...(counted ? {} : { note: notYetInForce(a.signedAt) }),
      };
    });
    const valid = slo.approvals.filter((a) => inForce(ctx, a.at));
    const later = slo.approvals.length - valid.length;
    const signed = slo.status === 'approved' && valid.length >= 1;
    const laterNote = later ? `; ${plural(later, 'signature')} after the evaluation time not counted` : '';
    const why =
      slo.status !== 'approved'
        ? `approval status is ${slo.status}`
        : valid.length === 0
          ? `approved but no approval signature in force${laterNote}`
          : `approved by ${valid.map((a) => a.name).join(', ')}${laterNote}`;
    return { actual: signed, numerator: valid.length, items, summary: why };
  },
});
