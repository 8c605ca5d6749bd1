/** Lasting shifts of KPI series across the archive (ARTIFACTS.md section 8), as plain records. */

/** One measurement of a KPI series: a cycle's before (its baseline) or after value. */
export interface SeriesPoint {
  slug: string;
  cycle_id: string;
  phase: 'before' | 'after';
  /** When it was measured: the cycle's period start (before) or end (after); null without a period. */
  at: string | null;
  value: number;
  role: 'target' | 'monitored';
  endpoint: string | null;
}

/** A lasting shift: the series' level changed from one segment to the next. */
export interface KpiShift {
  service: string;
  kpi: string;
  direction: 'lower' | 'higher';
  /** Index in the series of the first point of the new level. */
  index: number;
  /** The cycle where the shift began (the first point of the new level). */
  slug: string;
  cycle_id: string;
  phase: 'before' | 'after';
  at: string | null;
  /** Mean of the segment before and of the segment from the shift on (to the next shift). */
  mean_before: number;
  mean_after: number;
  /** Direction-aware relative change of the mean: positive is better (one sign convention). */
  change: number | null;
  /** E-Divisive split statistic and its permutation p-value. */
  q: number;
  p: number;
}

export interface KpiSeries {
  service: string;
  kpi: string;
  direction: 'lower' | 'higher';
  points: SeriesPoint[];
  /** False when the series is too short to test (fewer than two points each side of a shift). */
  tested: boolean;
  shifts: KpiShift[];
  /** Per point, the mean of its segment between shifts (the level a chart draws). */
  levels: number[];
}

/** The change-point analysis of the archive: the method's settings and every series. */
export interface ChangePoints {
  method: { name: 'e-divisive'; alpha: number; permutations: number; min_size: number; seed: number };
  series: KpiSeries[];
}
