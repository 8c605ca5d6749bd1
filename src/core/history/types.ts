/**
 * The cross-cycle records of the site data: what changed since the previous cycle, the KPI trends
 * and the gate history, and the calendar timeline the charts group them by. Plain JSON, computed by
 * `history-diff.ts` and `history-trends.ts`; re-exported by `site-data.ts`.
 */
import type { GateStatus } from '../evaluate/types.ts';

/** A cycle's overall outcome as the site shows it. */
export type { Verdict } from '../format/words.ts';
import type { Verdict } from '../format/words.ts';

/** How a value moved from one cycle to the next, in the KPI's own direction. */
export type ChangeTrend = 'better' | 'worse' | 'unchanged' | 'not_comparable';

/** One KPI (service, KPI and endpoint) measured in both cycles: the previous after value against this one. */
export interface KpiChange {
  service: string;
  kpi: string;
  endpoint: string | null;
  /** The endpoint in the previous cycle: differs from `endpoint` when only service and KPI matched. */
  previous_endpoint: string | null;
  /** The KPI's role in this cycle (a target here may have been monitored before). */
  role: 'target' | 'monitored';
  previous_role: 'target' | 'monitored';
  direction: 'lower' | 'higher';
  previous_after: number;
  after: number;
  /**
   * Direction-aware relative change from the previous after value (positive is better), the core's
   * `improvement(previous_after, after, direction)`; null when the previous value is 0.
   */
  change: number | null;
  trend: ChangeTrend;
}

/** One SLO (service and SLI) in both cycles' SLO records: the previous objective after against this one. */
export interface SloChange {
  service: string;
  sli: string;
  direction: 'lower' | 'higher';
  previous_objective: number;
  objective: number;
  /** Direction-aware relative change of the objective: positive is a stricter objective. */
  change: number | null;
  /** `tightened`: a stricter objective (lower for a lower-is-better SLI); `loosened`: a laxer one. */
  trend: 'tightened' | 'loosened' | 'unchanged' | 'not_comparable';
}

export interface GateChange {
  gate: number;
  name: string;
  /** Null when the previous cycle has no result for this gate. */
  previous: GateStatus | null;
  status: GateStatus;
  changed: boolean;
}

/** A KPI measured in only one of the two cycles. */
export interface KpiKey {
  service: string;
  kpi: string;
  endpoint: string | null;
}

/** What changed between a cycle and the one before it (the core's comparison; pages only show it). */
export interface CycleDiff {
  previous: { slug: string; cycle_id: string };
  verdict: { previous: Verdict; current: Verdict };
  gates: GateChange[];
  kpis: KpiChange[];
  /** KPIs with an after value in this cycle only, and in the previous cycle only. */
  kpis_added: KpiKey[];
  kpis_dropped: KpiKey[];
  slos: SloChange[];
  counts: {
    gates_changed: number;
    kpis_better: number;
    kpis_worse: number;
    kpis_unchanged: number;
    kpis_not_comparable: number;
    slos_tightened: number;
    slos_loosened: number;
    slos_unchanged: number;
    slos_not_comparable: number;
  };
}

/** One target KPI of one service across the cycles that measured it (oldest first): the after values. */
export interface KpiTrend {
  service: string;
  kpi: string;
  /** The direction the newest cycle's evaluation gave the KPI. */
  direction: 'lower' | 'higher';
  /** Targeted by one of the newest `TREND_RECENT_CYCLES` cycles: the home page charts it. */
  recent: boolean;
  points: {
    slug: string;
    cycle_id: string;
    period_end: string | null;
    after: number;
    improvement: number | null;
  }[];
  /**
   * With a calendar timeline: the after values grouped by period, from the KPI's first period to its
   * last (a period without a cycle has `cycles: 0` and null values). Empty with the `cycle` timeline.
   */
  buckets: TrendBucket[];
}

export interface TrendBucket {
  key: string;
  label: string;
  cycles: number;
  min: number | null;
  median: number | null;
  max: number | null;
}

/** A calendar period of the timeline; `undated` holds the cycles without a period. */
export interface TimelineBucket {
  key: string;
  /** e.g. `2026 Q4`, `2026-11`, `2026`, `no period`. */
  label: string;
  /** First and last day (YYYY-MM-DD); null for `undated`. */
  start: string | null;
  end: string | null;
}

/**
 * How the history charts place the cycles: `cycle`, one point per cycle (few cycles); otherwise one
 * point per calendar month, quarter or year (by period start), the finest that keeps the charts short.
 */
export interface Timeline {
  unit: 'cycle' | 'month' | 'quarter' | 'year';
  /** Every period from the oldest cycle's to the newest's (empty with `cycle`). */
  buckets: TimelineBucket[];
}

/** The cycles of one calendar period: their verdicts and, per gate, their statuses. */
export interface GateHistoryBucket extends TimelineBucket {
  cycles: number;
  verdicts: Record<Verdict, number>;
  gates: { gate: number; name: string; pass: number; waived: number; fail: number; pending: number }[];
}

export interface GateHistoryRow {
  slug: string;
  cycle_id: string;
  period_end: string | null;
  pass: number;
  waived: number;
  fail: number;
  pending: number;
}
