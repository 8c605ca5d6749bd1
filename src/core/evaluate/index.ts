/**
 * Gate evaluation: one pure function from (validated artifacts, config, evaluation time) to gate
 * results, deltas and traceability. No I/O, no clock, no schema check (validation's typed result
 * is the proof); never throws on any input validation accepted.
 */
import { ARTIFACTS, type ArtifactName, type GateNumber } from '../artifacts.ts';
import { GATES, type GateSpec } from './gates.ts';
import { buildContext, fileOf, type EvalContext } from './context.ts';
import { kpiDeltas, loadTestDeltas } from './deltas.ts';
import { criteriaOfGate } from './registry.ts';
import { buildTraceability } from './traceability.ts';
import type { CriterionResult, CycleEvaluation, EvaluationInput, GateResult, GateStatus } from './types.ts';
import { applyWaivers } from './waivers.ts';
import { PHASE_TITLES } from '../format/words.ts';

export type * from './types.ts';

/** A gate's own inputs (ARTIFACTS.md section 3): none present means the gate is pending. */
export const OWN_INPUTS: Record<GateNumber, ArtifactName[]> = {
  1: ['performance-intake-report', 'baseline-metrics', 'hypothesis-log'],
  2: ['profiling-report', 'load-test-results', 'capacity-analysis'],
  3: ['optimization-plan', 'optimization-validation-report'],
  4: ['slo-update-record', 'reviewer-signoff', 'distribution-log'],
};

/** The highest phase with any required artifact present. */
export function cyclePhase(present: ReadonlySet<string>): CycleEvaluation['phase'] {
  return ARTIFACTS.filter((a) => a.required && present.has(a.name)).reduce<CycleEvaluation['phase']>(
    (p, a) => (a.phase > p ? a.phase : p),
    0,
  );
}

/** pass: every criterion passes; waived: it would but for waived criteria; fail otherwise. */
export function gateStatus(criteria: readonly CriterionResult[]): Exclude<GateStatus, 'pending'> {
  if (criteria.every((c) => c.status === 'pass')) return 'pass';
  if (criteria.every((c) => c.status === 'pass' || c.status === 'waived')) return 'waived';
  return 'fail';
}

function evaluateGate(spec: GateSpec, ctx: EvalContext, phase: number): GateResult {
  const base = { gate: spec.gate, name: spec.name, title: spec.title };
  const own = OWN_INPUTS[spec.gate];
  if (!own.some((a) => ctx.present.has(a))) {
    const files = own.map(fileOf).join(', ');
    const reached =
      phase === 0 ? 'no phase has produced an artifact yet' : `the cycle has reached phase ${phase}`;
    return {
      ...base,
      status: 'pending',
      pending_reason: `Waiting for phase ${spec.gate} (${PHASE_TITLES[spec.gate]}): none of ${files} exists yet; ${reached}.`,
      criteria: [],
    };
  }
  const criteria = criteriaOfGate(spec.gate)
    .filter((c) => !c.applies || c.applies(ctx.config))
    .map((c) => applyWaivers(c.evaluate(ctx), ctx));
  return { ...base, status: gateStatus(criteria), criteria };
}

/**
 * Evaluates all four gates of a cycle (a pending gate has no criteria to show). The input comes from
 * validation: `buildEvaluationInput(cycle, validateCycle(...), at)`, or `validateEvaluationInput(x)`.
 */
export function evaluateCycle(input: EvaluationInput): CycleEvaluation {
  const ctx = buildContext(input);
  const phase = cyclePhase(ctx.present);
  return {
    cycle_id: input.cycleId,
    evaluated_at: input.evaluatedAt,
    config: input.config,
    config_source: input.configSource ?? 'defaults',
    phase,
    gates: GATES.map((spec) => evaluateGate(spec, ctx, phase)),
    deltas: { kpis: kpiDeltas(ctx), load_tests: loadTestDeltas(ctx) },
    traceability: buildTraceability(ctx),
  };
}
