/**
 * Two cycles side by side (ARTIFACTS.md section 8): the records `perfgate compare`, the prebuilt
 * "previous cycle vs this one" pages and the compare page's script all make with `compareCycles`.
 */
import type { GateName, GateStatus } from '../../evaluate/types.ts';
import type { CycleDiff, Verdict } from '../types.ts';

/** What a comparison needs of one cycle: plain JSON, published per cycle as `cycles/<slug>/compare.json`. */
export interface CompareSide {
  slug: string;
  cycle_id: string;
  title: string;
  period: { start: string; end: string } | null;
  verdict: Verdict;
  /** When its gates were decided (the frozen evaluation time of an archived cycle). */
  decided_at: string;
  gates: { gate: 1 | 2 | 3 | 4; name: GateName; status: GateStatus }[];
  /** Every KPI with before and after values, as the cycle's evaluation computed them. */
  kpis: {
    service: string;
    kpi: string;
    endpoint: string | null;
    role: 'target' | 'monitored';
    direction: 'lower' | 'higher';
    before: number;
    after: number;
    improvement: number | null;
  }[];
  /** SLO objectives after the update, with the SLI's direction (null: unknown). */
  slos: { service: string; sli: string; objective_after: number; direction: 'lower' | 'higher' | null }[];
  /** The load tests' setting: what makes two cycles' numbers comparable. */
  load: {
    tool: string;
    tool_version: string | null;
    environment: string;
    runs: {
      id: string;
      service: string;
      scenario: string;
      phase: string;
      kind: string;
      peak_concurrency: number;
      duration_s: number;
    }[];
  } | null;
  /** The environment the validation report's before and after were measured in. */
  validation_environment: string | null;
}

/** Why two cycles' numbers may not be comparable. */
export type WarningKind =
  'environment' | 'tool' | 'tool_version' | 'scenario' | 'peak_concurrency' | 'duration';

export interface ComparabilityWarning {
  kind: WarningKind;
  /** The service (and scenario) concerned; null for the whole cycle. */
  service: string | null;
  scenario: string | null;
  /** What each cycle has (null: nothing there). */
  a: string | null;
  b: string | null;
  /** A sentence for people. */
  message: string;
}

/** A cycle in the heading of a comparison. */
export interface ComparedCycle {
  slug: string;
  cycle_id: string;
  title: string;
  period: { start: string; end: string } | null;
  verdict: Verdict;
  decided_at: string;
}

/**
 * Cycle A against cycle B: the diff reads "from A to B" (`previous` is A), so a positive change is
 * B better than A, in each KPI's direction (one sign convention everywhere).
 */
export interface Comparison {
  a: ComparedCycle;
  b: ComparedCycle;
  diff: CycleDiff;
  /** The gates by number, with A's and B's status (null: that cycle has no result for it). */
  gates: { gate: number; name: string; a: GateStatus | null; b: GateStatus | null }[];
  warnings: ComparabilityWarning[];
}
