/**
 * Waivers (gate-waivers.json) on criteria. A waiver applies to a failing or not-evaluable criterion
 * of a gate that permits it (gate 3 never, gate 4 only distribution_groups), when the evaluation
 * time lies between its approved_at and expires_at. An expired one is reported and waives nothing,
 * and so does every waiver of a gate-waivers.json that has an error diagnostic.
 */
import { GATES } from './gates.ts';
import type { EvalContext } from './context.ts';
import type { Waiver } from './model.ts';
import { time } from './safe.ts';
import type { CriterionResult, WaiverRef } from './types.ts';

function notPermitted(w: Waiver, result: CriterionResult): string | undefined {
  if (w.gate !== result.gate)
    return `names gate ${w.gate ?? '?'}, but ${result.id} belongs to gate ${result.gate}: not applied`;
  const spec = GATES.find((g) => g.gate === result.gate);
  if (spec && spec.waivable.includes(result.id)) return undefined;
  if (result.gate === 3)
    return `Waiver: Not permitted for gate 3 (${spec?.title ?? 'Optimization Validation Gate'})`;
  return `gate ${result.gate} waivers apply only to ${spec?.waivable.join(', ') || 'no criterion'}: not applied`;
}

/** Attaches every waiver naming the criterion and, when one applies, marks the criterion waived. */
export function applyWaivers(result: CriterionResult, ctx: EvalContext): CriterionResult {
  const mine = (ctx.model.waivers ?? []).filter((w) => w.criterion === result.id);
  if (mine.length === 0) return result;
  let applied = false;
  const refs: WaiverRef[] = mine.map((w) => {
    const ref = (state: WaiverRef['state'], note?: string): WaiverRef => ({
      id: w.id,
      criterion: w.criterion,
      approved_by: w.approved_by,
      expires_at: w.expires_at,
      justification: w.justification,
      state,
      ...(note ? { note } : {}),
    });
    const refused = notPermitted(w, result);
    if (refused) return ref('unused', refused);
    // A waiver file with an error diagnostic (a duplicate expires_at...) waives nothing.
    if (!ctx.clean.has('gate-waivers'))
      return ref('unused', 'gate-waivers.json has validation errors: not applied');
    const expires = time(w.expires_at);
    const approved = time(w.approved_at);
    if (expires === null || approved === null || ctx.evaluatedAt === null)
      return ref('unused', 'unreadable approved_at, expires_at or evaluation time: not applied');
    if (expires < ctx.evaluatedAt)
      return ref('expired', `expired ${w.expires_at}, before the evaluation time: waives nothing`);
    if (approved > ctx.evaluatedAt)
      return ref('unused', `approved ${w.approved_at}, after the evaluation time: not yet in force`);
    if (result.status === 'pass') return ref('unused', 'the criterion passes without it');
    if (applied) return ref('unused', 'another waiver already applies');
    applied = true;
    return ref('applied');
  });
  return { ...result, status: applied ? 'waived' : result.status, waivers: refs };
}
