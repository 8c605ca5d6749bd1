/** The gates and criteria of ARTIFACTS.md section 3, as data shared by validation and evaluation. */
import type { GateNumber } from '../artifacts.ts';
import { criteriaOfGate, criterionModule } from './registry.ts';
import type { GateName } from './types.ts';

export type { GateName };

export interface GateSpec {
  gate: GateNumber;
  name: GateName;
  /** The protocol's title, used in its error templates. */
  title: string;
  /** May a waiver waive its criteria? Gate 3: never; gate 4: only `distribution_groups`. */
  waivable: readonly string[];
}

const idsOf = (gate: GateNumber) => criteriaOfGate(gate).map((c) => c.id);

/** Each gate's criterion ids in receipt order, from the one place a criterion names its gate: its definition. */
export const CRITERIA_BY_GATE: Record<GateNumber, readonly string[]> = {
  1: idsOf(1),
  2: idsOf(2),
  3: idsOf(3),
  4: idsOf(4),
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

/** The gate a criterion id belongs to (undefined for an unknown id). */
export function gateOfCriterion(id: string): GateNumber | undefined {
  return criterionModule(id)?.gate;
}
