/**
 * Statistics on runs (ARTIFACTS.md section 3, "Statistics"): from the run-level values of a KPI
 * before and after (two or more replicates per side), Welch's t-test and confidence interval on
 * their natural logarithms, mapped onto the improvement ratio, and the smallest change the runs
 * could tell from noise. Requests within a run are never samples here: only whole runs are.
 *
 * Why logarithms: the improvement is a ratio (after / before), and the log turns that ratio into a
 * difference of means, for which Welch's interval is exact under its assumptions; mapped back with
 * exp() it is an interval for the ratio of the geometric means, always positive, without the delta
 * method's linearisation or Fieller's unbounded sets when the before mean is imprecise. Latency
 * effects are multiplicative and run values right-skewed, which the log also suits. Checked against
 * R's `t.test(log(after), log(before))` in test/evaluate/run-stats.test.ts.
 */
import type { Direction } from '../../contract/direction.ts';
import { round } from '../safe.ts';
import { tQuantileOf, welchInterval, welchTest } from '../welch.ts';
import { meanSd } from '../../contract/kpi-evidence/replicates.ts';

/** The smallest detectable change is for a two-sided test at this level, with this power. */
export const MDE_ALPHA = 0.05;
export const MDE_POWER = 0.8;
/** Runs per side beyond which perfgate stops counting how many would detect the threshold. */
const MAX_RUNS = 200;

export interface RunStats {
  /** `welch-log`: Welch's t on ln(run values). */
  method: 'welch-log';
  n_before: number;
  n_after: number;
  /** Welch's t, its degrees of freedom and two-sided p on the logs (after vs before). */
  t: number;
  df: number;
  p: number;
  /** mean(ln after) - mean(ln before) and its standard error. */
  log_diff: number;
  log_se: number;
  /** 95 % confidence interval of the improvement (direction-aware: positive is better). */
  ci95: [number, number];
  /** The smallest improvement (or worsening) the runs could tell from noise: two-sided 5 %, power 80 %. */
  mde: number;
  /** The sample standard deviations of the logs, before and after (for the runs needed). */
  log_sd: [number, number];
}

/** Why there are no run statistics. */
export type NoStats = { reason: string };

/** The improvement that a log-ratio `d` (ln after - ln before) means. */
export function improvementOfLogRatio(d: number, direction: Direction): number {
  return direction === 'lower' ? 1 - Math.exp(d) : Math.exp(d) - 1;
}

function interval(lo: number, hi: number, direction: Direction): [number, number] {
  // Lower is better: a larger log-ratio is a smaller improvement, so the ends swap.
  const a = improvementOfLogRatio(lo, direction);
  const b = improvementOfLogRatio(hi, direction);
  return a <= b ? [round(a), round(b)] : [round(b), round(a)];
}

/** Run statistics of two lists of run values, or why there are none. */
export function runStats(
  before: readonly number[],
  after: readonly number[],
  direction: Direction,
): RunStats | NoStats {
  if (before.length < 2 || after.length < 2)
    return { reason: `fewer than two runs per side (${before.length} before, ${after.length} after)` };
  if ([...before, ...after].some((v) => !(v > 0)))
    return { reason: 'a run value is 0 or negative (the interval works on the logarithm of the values)' };
  const lb = meanSd(before.map(Math.log));
  const la = meanSd(after.map(Math.log));
  const w = welchTest({ ...lb, n: before.length }, { ...la, n: after.length });
  if (!w) return { reason: 'no spread between the runs (every run gave the same value on each side)' };
  const ci = welchInterval(w, 0.95);
  const delta = (tQuantileOf(1 - MDE_ALPHA / 2, w.df) + tQuantileOf(MDE_POWER, w.df)) * w.se;
  return {
    method: 'welch-log',
    n_before: before.length,
    n_after: after.length,
    t: w.t,
    df: w.df,
    p: w.p,
    log_diff: w.diff,
    log_se: w.se,
    ci95: interval(ci[0], ci[1], direction),
    mde: round(
      direction === 'lower' ? improvementOfLogRatio(-delta, 'lower') : improvementOfLogRatio(delta, 'higher'),
    ),
    log_sd: [round(lb.sd), round(la.sd)],
  };
}

/** The two-sided interval of the improvement at `level` (0.95 gives `ci95`). */
export function improvementInterval(s: RunStats, level: number, direction: Direction): [number, number] {
  const [lo, hi] = welchInterval({ diff: s.log_diff, se: s.log_se, df: s.df }, level);
  return interval(lo, hi, direction);
}

/**
 * How many runs per side (the same on both) would make `change` (an improvement, as a fraction)
 * detectable with the observed spread; null when none up to 200 would, or the change is 0.
 */
export function runsToDetect(s: RunStats, change: number, direction: Direction): number | null {
  const target = direction === 'lower' ? -Math.log(1 - Math.min(change, 0.999999)) : Math.log(1 + change);
  if (!(target > 0)) return null;
  const [sb, sa] = s.log_sd;
  for (let n = 2; n <= MAX_RUNS; n++) {
    const w = welchTest({ mean: 0, sd: sb, n }, { mean: 0, sd: sa, n });
    if (!w) return null;
    const delta = (tQuantileOf(1 - MDE_ALPHA / 2, w.df) + tQuantileOf(MDE_POWER, w.df)) * w.se;
    if (delta <= target) return n;
  }
  return null;
}
