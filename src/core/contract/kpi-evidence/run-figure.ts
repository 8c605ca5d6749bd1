/**
 * Which figure of a load-test run a KPI name reads (ARTIFACTS.md section 2, "Numbers tied to their
 * evidence"): `latency_p95_ms` is `latency_ms.p95` (and likewise p50, p90, p99, max),
 * `throughput_rps` and `error_rate_pct` are the run's own fields. Any other KPI is not a run figure.
 */
import type { LoadTestRun } from '../../types/artifacts.generated.ts';

const LATENCY = /^latency_(p50|p90|p95|p99|max)_ms$/;

/** The run field a KPI reads, e.g. `latency_ms.p95`; null when runs do not report that KPI. */
export function runFigureName(kpi: string): string | null {
  const m = LATENCY.exec(kpi);
  if (m) return `latency_ms.${m[1]}`;
  return kpi === 'throughput_rps' || kpi === 'error_rate_pct' ? kpi : null;
}

/** The value a run reports for a KPI, or null when the KPI is no run figure or the run lacks it. */
export function runFigure(run: LoadTestRun, kpi: string): number | null {
  const m = LATENCY.exec(kpi);
  if (m) {
    const v = (run.latency_ms as Partial<Record<string, number>>)[m[1]!];
    return typeof v === 'number' ? v : null;
  }
  if (kpi === 'throughput_rps') return run.throughput_rps;
  if (kpi === 'error_rate_pct') return run.error_rate_pct;
  return null;
}
