/** Before/after deltas: every target and monitored KPI, and paired baseline/after load-test runs. */
import type { EvalContext, MeasuredKpi } from './context.ts';
import { improvement, type Direction } from '../contract/direction.ts';
import { confidenceOf, improvementThresholdOf } from './evidence/config.ts';
import { sourceFiles, sourceText } from '../contract/kpi-evidence/describe.ts';
import { improvementInterval, runsToDetect, type RunStats } from './evidence/run-stats.ts';
import type { ResolvedSide } from '../contract/kpi-evidence/types.ts';
import type { Run } from './model.ts';
import { round, time } from './safe.ts';
import type { GatesConfig, KpiDelta, KpiStats, LoadTestDelta, ValueSource } from './types.ts';

function valueSource(s: ResolvedSide): ValueSource {
  return { ...s.source, text: sourceText(s.source), files: sourceFiles(s.source) };
}

/** The statistics shown with a delta: the test, the 95 % interval, the smallest detectable change. */
function kpiStats(k: MeasuredKpi, s: RunStats, direction: Direction, config: GatesConfig): KpiStats {
  const level = confidenceOf(config);
  const change = k.item.role === 'target' ? improvementThresholdOf(config) : (k.tolerancePct ?? 0) / 100;
  return {
    method: s.method,
    n_before: s.n_before,
    n_after: s.n_after,
    t: s.t,
    df: s.df,
    p: s.p,
    ci95: s.ci95,
    ...(level !== null
      ? { at_confidence: { level, interval: improvementInterval(s, level, direction) } }
      : {}),
    mde: s.mde,
    detect: {
      change,
      detectable: s.mde <= change,
      runs_per_side: runsToDetect(s, change, direction),
    },
  };
}

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
      sources: { before: valueSource(k.sides.before), after: valueSource(k.sides.after) },
      improvement: k.improvement,
      regression: k.regression,
      tolerance_pct: k.tolerancePct,
    };
    if (k.item.endpoint !== undefined) d.endpoint = k.item.endpoint;
    if (k.item.task !== undefined) d.task = k.item.task;
    if (k.regression) d.confirmed = k.confirmed === true;
    if (k.stats) d.stats = kpiStats(k, k.stats, k.direction, ctx.config);
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
