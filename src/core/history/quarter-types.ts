/** The quarterly view's records (computed by `quarters.ts`, kept apart so site-data.ts can name them). */
import type { Verdict } from './types.ts';

export interface QuarterGate {
  gate: number;
  name: string;
  pass: number;
  waived: number;
  fail: number;
  pending: number;
  /** (pass + waived) / (pass + waived + fail): a pending gate is not decided yet; null with none decided. */
  pass_rate: number | null;
}

export interface QuarterRow {
  /** `2026-Q2`; `undated` for cycles without a period. */
  key: string;
  label: string;
  cycles: { slug: string; cycle_id: string }[];
  verdicts: Record<Verdict, number>;
  gates: QuarterGate[];
  /** Waivers that waived a criterion, and waivers that had expired. */
  waivers_applied: number;
  waivers_expired: number;
  /** Targets with a computed improvement, and the median and best of those improvements (positive is better). */
  targets: number;
  median_improvement: number | null;
  best_improvement: number | null;
}
