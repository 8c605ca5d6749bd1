/**
 * The criteria of each gate (ARTIFACTS.md section 3), in receipt order: the one place a criterion's
 * gate is stated. Validation reads it (which criteria a waiver may name); every criterion module is
 * typed against it (`defineCriterion` in evaluate/criterion.ts does not compile a module whose gate
 * differs), and the registry lists the modules in this order (test/evaluate/registry.test.ts).
 */
import type { GateNumber } from '../artifacts.ts';

const TABLE = {
  1: [
    'baseline_completeness',
    'telemetry_coverage',
    'telemetry_sources',
    'baseline_freshness_hours',
    'hypotheses',
  ],
  2: ['diagnostic_coverage', 'profiled_critical_services', 'peak_load_error_rate_pct'],
  3: ['kpi_improvement', 'regression_count', 'significance'],
  4: ['documentation_completeness', 'slo_updates_signed', 'distribution_groups', 'approval_completion'],
} as const satisfies Record<GateNumber, readonly string[]>;

/** A criterion id of the contract. */
export type CriterionId = (typeof TABLE)[GateNumber][number];

/** The gate of a criterion id, as a type: `GateOf<'significance'>` is `3`. */
export type GateOf<Id extends CriterionId> = {
  [G in GateNumber]: Id extends (typeof TABLE)[G][number] ? G : never;
}[GateNumber];

/** Each gate's criterion ids in receipt order. */
export const CRITERIA_BY_GATE: Record<GateNumber, readonly string[]> = TABLE;

/** The gate a criterion id belongs to (undefined for an unknown id). */
export function gateOfCriterion(id: string): GateNumber | undefined {
  return ([1, 2, 3, 4] as const).find((g) => CRITERIA_BY_GATE[g].includes(id));
}
