/** gate-waivers.json: unique ids; no gate-3 waiver; gate 4 only for distribution_groups; criteria of their gate. */
import { CRITERIA_BY_GATE, gateOfCriterion } from '../../contract/criteria.ts';
import { pointerOf } from '../../diagnostics.ts';
import type { GateWaivers } from '../../types/artifacts.generated.ts';
import { duplicates, type Rule } from './context.ts';

export const waiversRule: Rule = ({ r, cycle }) => {
  // Read even when its schema failed on a gate-3 waiver: the protocol's own message comes from here.
  const a = cycle.artifacts['gate-waivers'];
  if (!a?.data || typeof a.data !== 'object') return;
  const waivers = (a.data as Partial<GateWaivers>).waivers;
  if (!Array.isArray(waivers)) return;
  for (const [i, id] of duplicates(waivers, (w) => String(w?.id)))
    r.error(
      a,
      'waiver.duplicate-id',
      pointerOf('waivers', i, 'id'),
      `Unexpected duplicate waiver id \`${id}\``,
      'Give every waiver a unique id.',
    );
  waivers.forEach((w, i) => {
    const gate = (w as { gate?: unknown })?.gate;
    const criterion = String((w as { criterion?: unknown })?.criterion ?? '');
    if (gate === 3) {
      r.error(
        a,
        'waiver.not-permitted',
        pointerOf('waivers', i, 'gate'),
        `Waiver: Not permitted. Waiver \`${String(w?.id)}\` targets gate 3 (Optimization Validation), which the protocol never waives`,
        'Remove the waiver; for a target below the improvement threshold, record a signed `exception` on that target in optimization-validation-report.json instead.',
      );
    } else if (gate === 4 && criterion !== 'distribution_groups' && gateOfCriterion(criterion) === 4) {
      r.error(
        a,
        'waiver.not-permitted',
        pointerOf('waivers', i, 'criterion'),
        `Waiver: Not permitted. Gate 4 waivers cover only \`distribution_groups\` (minor communication delays), not \`${criterion}\``,
        'Remove the waiver and complete the governance step.',
      );
    } else if (
      (gate === 1 || gate === 2 || gate === 4) &&
      criterion &&
      !CRITERIA_BY_GATE[gate].includes(criterion)
    ) {
      r.error(
        a,
        'waiver.criterion-gate',
        pointerOf('waivers', i, 'criterion'),
        `Unexpected criterion \`${criterion}\` for gate ${gate} in waiver \`${String(w?.id)}\``,
        `Gate ${gate} criteria: ${CRITERIA_BY_GATE[gate].join(', ')}.`,
      );
    }
  });
};
