/**
 * The KPI series of the archive: for each service and KPI, every cycle's before and after value in
 * time order (a cycle's baseline, then its result), so that a series holds two measurements per
 * cycle. A cycle's value is its target's (the first, as the cycle page lists them), else the one
 * monitored value of that service and KPI (a KPI monitored on several endpoints and targeted on none
 * is left out of that cycle: which endpoint would it be?).
 */
import { cmp } from '../../diagnostics.ts';
import type { KpiDelta } from '../../evaluate/types.ts';
import type { CycleRecord } from '../site-data.ts';
import type { SeriesPoint } from './types.ts';

type Source = Pick<CycleRecord, 'slug' | 'cycle_id' | 'period' | 'evaluation'>;

export interface RawSeries {
  service: string;
  kpi: string;
  direction: 'lower' | 'higher';
  points: SeriesPoint[];
}

/** The one value a cycle gives a service's KPI, or none. */
function pick(deltas: readonly KpiDelta[]): KpiDelta | undefined {
  const target = deltas.find((d) => d.role === 'target');
  if (target) return target;
  return deltas.length === 1 ? deltas[0] : undefined;
}

/** Every KPI series of `cycles` (given newest first, as the site data holds them), oldest point first. */
export function kpiSeries(cycles: readonly Source[]): RawSeries[] {
  const byKey = new Map<string, RawSeries>();
  for (const c of [...cycles].reverse()) {
    const groups = new Map<string, KpiDelta[]>();
    for (const d of c.evaluation.deltas.kpis) {
      const k = JSON.stringify([d.service, d.kpi]);
      groups.set(k, [...(groups.get(k) ?? []), d]);
    }
    for (const [k, ds] of groups) {
      const d = pick(ds);
      if (!d) continue;
      let s = byKey.get(k);
      if (!s) byKey.set(k, (s = { service: d.service, kpi: d.kpi, direction: d.direction, points: [] }));
      // The newest cycle's evaluation decides the direction (as the trends do).
      s.direction = d.direction;
      const base = { slug: c.slug, cycle_id: c.cycle_id, role: d.role, endpoint: d.endpoint ?? null };
      s.points.push({ ...base, phase: 'before', at: c.period?.start ?? null, value: d.before });
      s.points.push({ ...base, phase: 'after', at: c.period?.end ?? null, value: d.after });
    }
  }
  return [...byKey.values()].sort((a, b) => cmp(a.service, b.service) || cmp(a.kpi, b.kpi));
}
