/** Where a before or after value comes from, as evaluation and every surface report it. */
import type { CodeWithSeverity } from '../../diagnostic-codes.ts';
import type { Spread } from './replicates.ts';

export type Side = 'before' | 'after';

/** One referenced run and the figure it gave. */
export interface RunValue {
  id: string;
  value: number;
  /** The run's raw tool output in the cycle, when it records one. */
  source_file?: string;
}

/** A piece of evidence a typed number was checked against. */
export interface EvidenceValue {
  kind: 'run' | 'row';
  /** The run id, or the 1-based data row of baseline-metrics.csv. */
  id: string;
  value: number;
  endpoint?: string;
  /** The run's raw output, for a link. */
  source_file?: string;
}

/**
 * A typed number against the evidence of its service, endpoint, phase and KPI: `agrees` (some
 * evidence reports it, within its rounding), `disagrees` (all evidence reports another value),
 * `none` (nothing to check it against: "typed, no evidence").
 */
export interface TypedCheck {
  state: 'agrees' | 'disagrees' | 'none';
  /** The evidence compared, in file order. */
  evidence: EvidenceValue[];
}

export type SideSource =
  | { kind: 'runs'; runs: RunValue[]; spread: Spread | null }
  /** `row`: the 1-based data row of baseline-metrics.csv (0 when no row was found). */
  | { kind: 'baseline'; row: number; endpoint: string | null }
  | { kind: 'typed'; value: number; n: number | null; stdev: number | null; check: TypedCheck };

/** A reference that cannot be read: named, with the place (relative to the side) and a hint. */
export interface RefProblem {
  /** A `ref.*` code the catalogue allows as an error (validation reports it as one). */
  code: Extract<CodeWithSeverity<'error'>, `ref.${string}`>;
  /** JSON pointer relative to the before/after value, e.g. `/runs/1`. */
  pointer: string;
  message: string;
  hint: string;
}

/** A before or after value as read: the number (null when it cannot be read) and its source. */
export interface ResolvedSide {
  value: number | null;
  source: SideSource;
  problems: RefProblem[];
}
