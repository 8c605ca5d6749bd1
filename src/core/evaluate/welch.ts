/** Welch's unequal-variances t-test, with the Welch–Satterthwaite degrees of freedom. */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { round } from './safe.ts';

/** A sample as the test reads it: its mean, sample standard deviation and size. */
export interface Summary {
  mean: number;
  sd: number;
  n: number;
}

export interface Welch {
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
  /** 95 % confidence interval of the difference of means (after - before). */
  ci95: [number, number];
  /** after - before. */
  diff: number;
  /** Standard error of the difference. */
  se: number;
}

/**
 * The test of `after` against `before`, or null when it cannot be computed: n < 2 or a negative
 * spread on either side, or both spreads zero (no variance to test against).
 */
export function welchTest(before: Summary, after: Summary): Welch | null {
  const { mean: m1, n: n1, sd: s1 } = before;
  const { mean: m2, n: n2, sd: s2 } = after;
  if (![m1, m2, n1, n2, s1, s2].every(Number.isFinite)) return null;
  if (n1 < 2 || n2 < 2 || s1 < 0 || s2 < 0) return null;
  const v1 = (s1 * s1) / n1;
  const v2 = (s2 * s2) / n2;
  const se2 = v1 + v2;
  if (!(se2 > 0) || !Number.isFinite(se2)) return null;
  const se = Math.sqrt(se2);
  const diff = m2 - m1;
  const t = diff / se;
  const df = (se2 * se2) / ((v1 * v1) / (n1 - 1) + (v2 * v2) / (n2 - 1));
  if (!Number.isFinite(t) || !Number.isFinite(df) || !(df > 0)) return null;
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const q = tQuantile(0.975, df);
  if (!Number.isFinite(p) || !Number.isFinite(q)) return null;
  return {
    t: round(t),
    df: round(df),
    p: round(p),
    ci95: [round(diff - q * se), round(diff + q * se)],
    diff: round(diff),
    se: round(se),
  };
}

/** The two-sided interval of the difference at `level` (0.95 gives `ci95`). */
export function welchInterval(w: Pick<Welch, 'diff' | 'se' | 'df'>, level: number): [number, number] {
  const q = tQuantile((1 + level) / 2, w.df);
  return [w.diff - q * w.se, w.diff + q * w.se];
}

/** The t quantile, for the smallest detectable change. */
export function tQuantileOf(p: number, df: number): number {
  return tQuantile(p, df);
}
