/**
 * A KPI backed by several runs (replicates): its value is their median, its spread the spread
 * between the runs (ARTIFACTS.md section 3, "Statistics").
 */
import { round12 as round } from '../../format/number.ts';

export interface Spread {
  /** Number of runs. */
  n: number;
  min: number;
  max: number;
  /** Sample standard deviation between the runs (n - 1 in the denominator). */
  stdev: number;
}

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Mean and sample standard deviation (n - 1) of two or more values. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const ss = values.reduce((a, v) => a + (v - mean) * (v - mean), 0);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/** The between-run spread of two or more run values; null for a single run. */
export function spreadOf(values: readonly number[]): Spread | null {
  if (values.length < 2) return null;
  return {
    n: values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    stdev: round(meanSd(values).sd),
  };
}
