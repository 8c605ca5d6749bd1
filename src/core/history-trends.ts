/** Across cycles: the target KPIs' after values and the gate statuses counted per cycle (oldest first). */
import { cmp } from './diagnostics.ts';
import type { CycleRecord, GateHistoryRow, KpiTrend } from './site-data.ts';

/** The after value of each target KPI of each service, in each cycle that measured it. */
export function trends(cycles: readonly CycleRecord[]): KpiTrend[] {
  const oldestFirst = [...cycles].reverse();
  const keys = new Map<string, { service: string; kpi: string }>();
  for (const c of oldestFirst)
    for (const d of c.evaluation.deltas.kpis)
      if (d.role === 'target')
        keys.set(JSON.stringify([d.service, d.kpi]), { service: d.service, kpi: d.kpi });
  return [...keys.values()]
    .sort((a, b) => cmp(a.service, b.service) || cmp(a.kpi, b.kpi))
    .map(({ service, kpi }) => ({
      service,
      kpi,
      points: oldestFirst.flatMap((c) => {
        const d = c.evaluation.deltas.kpis.find(
          (x) => x.role === 'target' && x.service === service && x.kpi === kpi,
        );
        if (!d) return [];
        const { slug, cycle_id } = c;
        return [
          { slug, cycle_id, period_end: c.period?.end ?? null, after: d.after, improvement: d.improvement },
        ];
      }),
    }));
}

/** How many gates of each cycle passed, were waived, failed or are pending. */
export function gateHistory(cycles: readonly CycleRecord[]): GateHistoryRow[] {
  return [...cycles].reverse().map((c) => {
    const count = (s: string) => c.evaluation.gates.filter((g) => g.status === s).length;
    return {
      slug: c.slug,
      cycle_id: c.cycle_id,
      period_end: c.period?.end ?? null,
      pass: count('pass'),
      waived: count('waived'),
      fail: count('fail'),
      pending: count('pending'),
    };
  });
}
