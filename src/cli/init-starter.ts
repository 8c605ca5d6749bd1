/**
 * What `perfgate init` writes into a team's new gate config where it departs from perfgate's
 * defaults (which are the protocol's and stay so): values that one service measured with one load
 * tool can meet honestly. One place: the config's comments, the baseline CSV's columns and the
 * intake's telemetry sources of the scaffold all come from this list.
 */

/** A key of the generated config whose value differs from the default, and why. */
export interface StarterValue {
  /** Dotted key path in the gate config, e.g. `baseline.required_kpis`. */
  key: string;
  value: unknown;
  /** Why init writes this value instead of the protocol's, and when to change it back. */
  why: string;
}

/** The KPIs every load tool perfgate imports reports by default (autocannon: no p95; k6: no p99). */
export const STARTER_KPIS = ['latency_p50_ms', 'latency_p90_ms', 'throughput_rps', 'error_rate_pct'];

/** Telemetry every team running the protocol has: logs, and the profiler gate 2 needs anyway. */
export const STARTER_TELEMETRY = ['logging', 'profiling'];

/**
 * The scaffold's telemetry sources: the required kinds plus the load tool's synthetic requests,
 * three sources as `min_telemetry_sources` asks.
 */
export const STARTER_SOURCES = [...STARTER_TELEMETRY, 'synthetic'];

export const STARTER: readonly StarterValue[] = [
  {
    key: 'baseline.required_kpis',
    value: STARTER_KPIS,
    why: [
      'the KPIs that every load tool perfgate imports reports by default, so that a team with one',
      'load tool can fill every cell from its own runs (autocannon reports no p95; a k6 summary has',
      'no p99 unless summaryTrendStats lists it). The scaffold of baseline-metrics.csv asks for these',
      "(`<fill: number>`) and leaves the protocol's other KPI columns empty (an empty cell is a KPI",
      "not measured). The protocol's list, perfgate's default when this key is left out:",
      '[latency_p50_ms, latency_p95_ms, latency_p99_ms, throughput_rps, error_rate_pct, cpu_util_pct].',
      'Add a KPI here as soon as your tools measure it.',
    ].join(' '),
  },
  {
    key: 'baseline.required_telemetry',
    value: STARTER_TELEMETRY,
    why: [
      'the kinds every team running this protocol has: logs, and the profiler that gate 2 needs',
      "anyway. The protocol's list, perfgate's default when this key is left out: [apm, logging,",
      'tracing]. Add apm and tracing when your services have them.',
    ].join(' '),
  },
  {
    key: 'diagnostics.min_profiled_critical',
    value: 1,
    why: [
      '1, never more than the critical services a cycle has (a one-service team has one). The',
      "protocol's value, perfgate's default when this key is left out, is 2, which a team with one",
      'critical service cannot meet. Nothing is lost: with the default weights and threshold,',
      'diagnostic_coverage passes only when every critical service of a cycle with up to three of',
      'them is profiled, and three or more in a larger one. Set 2 when the intake lists two or more',
      'critical services.',
    ].join(' '),
  },
];

/** The starter value of a dotted key, or undefined when init writes the default. */
export function starterFor(key: string): StarterValue | undefined {
  return STARTER.find((s) => s.key === key);
}
