/** The gates of ARTIFACTS.md section 3: name, title and what a waiver may waive (their criteria: contract/criteria.ts). */
import type { GateNumber } from '../artifacts.ts';
import { CRITERIA_BY_GATE } from '../contract/criteria.ts';
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
