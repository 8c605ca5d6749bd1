/** The gates and criteria of ARTIFACTS.md section 3, as data shared by validation and evaluation. */
import type { GateNumber } from '../artifacts.ts';

export type GateName = 'baseline' | 'diagnostics' | 'optimization' | 'governance';

export interface GateSpec {
  gate: GateNumber;
  name: GateName;
  /** The protocol's title, used in its error templates. */
  title: string;
  /** May a waiver waive its criteria? Gate 3: never; gate 4: only `distribution_groups`. */
  waivable: readonly string[];
}

export const CRITERIA_BY_GATE: Record<GateNumber, readonly string[]> = {
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
};

export const GATES: readonly GateSpec[] = [
  { gate: 1, name: 'baseline', title: 'Baseline Validation Gate', waivable: CRITERIA_BY_GATE[1] },
  { gate: 2, name: 'diagnostics', title: 'Diagnostic Coverage Gate', waivable: CRITERIA_BY_GATE[2] },
  { gate: 3, name: 'optimization', title: 'Optimization Validation Gate', waivable: [] },
  {
    gate: 4,
    name: 'governance',
    title: 'Governance & Communication Gate',
    waivable: ['distribution_groups'],
  },
];

export function gateOfCriterion(id: string): GateNumber | undefined {
  for (const g of [1, 2, 3, 4] as const) if (CRITERIA_BY_GATE[g].includes(id)) return g;
  return undefined;
}
