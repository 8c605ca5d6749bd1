/** Before/after deltas: every target and monitored KPI, and paired baseline/after load-test runs. */
import type { EvalContext } from './context.ts';
import { improvement, type Direction } from './direction.ts';
import type { Run } from './model.ts';
import { round, time } from './safe.ts';
import type { KpiDelta, LoadTestDelta } from './types.ts';

/**
 * One delta per target and monitored KPI with numeric before and after values and a known direction
 * (one of unknown direction has no "better": its criteria items and diagnostic show it).
 */
export function kpiDeltas(ctx: EvalContext): KpiDelta[] {
  return ctx.kpis.flatMap((k): KpiDelta[] => {
    if (k.before === null || k.after === null || k.tolerancePct === null || k.direction === null) return [];
    const d: KpiDelta = {
      service: k.item.service,
      kpi: k.item.kpi,
      role: k.item.role,
      direction: k.direction,
      before: k.before,
      after: k.after,
      improvement: k.improvement,
      regression: k.regression,
      tolerance_pct: k.tolerancePct,
    };
    if (k.item.endpoint !== undefined) d.endpoint = k.item.endpoint;
    if (k.item.task !== undefined) d.task = k.item.task;
    if (k.welch) d.welch = k.welch;
    if (k.item.exception) d.exception = k.item.exception;
    return [d];
  });
}

const METRICS: { metric: string; direction: Direction; read: (r: Run) => number | null }[] = [
  { metric: 'latency_p50_ms', direction: 'lower', read: (r) => r.latency.p50 },
  { metric: 'latency_p90_ms', direction: 'lower', read: (r) => r.latency.p90 },
  { metric: 'latency_p95_ms', direction: 'lower', read: (r) => r.latency.p95 },
  { metric: 'latency_p99_ms', direction: 'lower', read: (r) => r.latency.p99 },
  { metric: 'throughput_rps', direction: 'higher', read: (r) => r.throughput },
  { metric: 'error_rate_pct', direction: 'lower', read: (r) => r.errorRate },
];

/** The latest run (by started_at, then id) of a list. */
function latest(runs: Run[]): Run | undefined {
  return runs.reduce<Run | undefined>((best, r) => {
    if (!best) return r;
    const a = time(best.startedAt) ?? -Infinity;
    const b = time(r.startedAt) ?? -Infinity;
    return b > a || (b === a && r.id > best.id) ? r : best;
  }, undefined);
}

/** Baseline vs after per (service, scenario, kind), the latest run of each phase. */
export function loadTestDeltas(ctx: EvalContext): LoadTestDelta[] {
  const groups = new Map<string, Run[]>();
  for (const r of ctx.model.runs ?? []) {
    const key = JSON.stringify([r.service, r.scenario, r.kind]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: LoadTestDelta[] = [];
  for (const runs of groups.values()) {
    const base = latest(runs.filter((r) => r.phase === 'baseline'));
    const after = latest(runs.filter((r) => r.phase === 'after'));
    if (!base || !after) continue;
    const metrics = METRICS.flatMap((m) => {
      const b = m.read(base);
      const a = m.read(after);
      if (b === null || a === null) return [];
      const imp = improvement(b, a, m.direction);
      return [
        {
          metric: m.metric,
          direction: m.direction,
          before: b,
          after: a,
          improvement: imp === null ? null : round(imp),
        },
      ];
    });
    out.push({
      service: base.service,
      scenario: base.scenario,
      kind: base.kind,
      baseline_run: base.id,
      after_run: after.id,
      metrics,
    });
  }
  return out;
}
