/** What a Chart component hands to the browser (plain JSON in a data-chart attribute). */
import { round12 } from '../core/format/number.ts';

export interface ChartDataset {
  label: string;
  data: (number | null)[];
  /** Colour role, a CSS custom property of the stylesheet: before, after, pass, fail, series-1... */
  tone: string;
  /** Per-point colour roles (bars), e.g. `fail` for a regression the core flagged; default `tone`. */
  tones?: string[];
  /** A thin dashed line (a range bound such as the minimum or maximum of a period). */
  dashed?: boolean;
  /** Marks only (no line), large: e.g. where a shift began. */
  markers?: boolean;
}

export interface ChartSpec {
  type: 'bar' | 'line';
  labels: string[];
  datasets: ChartDataset[];
  /** Title of the value axis, e.g. `ms` or `%`. */
  unit?: string;
  horizontal?: boolean;
  stacked?: boolean;
  /** The values are counts (gates, cycles): ticks at whole numbers only. */
  integer?: boolean;
  /** The value axis's range when an outlier would flatten every other bar (see `outlierRange`). */
  range?: { min: number; max: number };
}

/** How many times the next largest magnitude a value must be to be drawn clipped. */
export const OUTLIER_FACTOR = 5;

/**
 * The value-axis range that keeps small bars visible beside an outlier (issue 25: one throughput up
 * 10,594 % left every other bar a hairline): when the largest magnitude is more than OUTLIER_FACTOR
 * times the next largest, the axis stops at 1.5 times the next largest on each side that has values,
 * and the outliers are drawn clipped (their labels carry their value; the table keeps every number).
 * `undefined` when no value stands out that way.
 */
export function outlierRange(values: readonly (number | null)[]): { min: number; max: number } | undefined {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const mags = xs.map(Math.abs).sort((a, b) => b - a);
  if (mags.length < 2 || mags[1] === 0 || mags[0]! <= OUTLIER_FACTOR * mags[1]!) return undefined;
  const limit = round12(1.5 * mags.find((m) => m * OUTLIER_FACTOR < mags[0]!)!);
  return { min: xs.some((x) => x < 0) ? -limit : 0, max: xs.some((x) => x > 0) ? limit : 0 };
}
