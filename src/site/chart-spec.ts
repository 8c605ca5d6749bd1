/** What a Chart component hands to the browser (plain JSON in a data-chart attribute). */
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
}
