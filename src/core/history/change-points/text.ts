/** A lasting shift in one sentence, for every surface alike (site, report, terminal). */
import { formatKpiValue } from '../../format/kpi.ts';
import { formatP } from '../../format/p-value.ts';
import { formatImprovement } from '../../format/percent.ts';
import type { KpiShift } from './types.ts';

/** Whether the shift made the KPI better or worse, in its direction (positive change is better). */
export function shiftTone(s: Pick<KpiShift, 'change'>): 'better' | 'worse' | 'unchanged' {
  return s.change === null || s.change === 0 ? 'unchanged' : s.change > 0 ? 'better' : 'worse';
}

/**
 * `checkout-api latency_p95_ms shifted lower from 2026-05-inventory-sync-backpressure (its result,
 * 2026-05-29): mean 396 ms → 326 ms, +17.7 % (better), p = 0.015`.
 */
export function shiftText(s: KpiShift): string {
  const way = s.mean_after < s.mean_before ? 'lower' : 'higher';
  const when = `${s.phase === 'after' ? 'its result' : 'its baseline'}${s.at ? `, ${s.at.slice(0, 10)}` : ''}`;
  const mean = (v: number) => formatKpiValue(s.kpi, Number(v.toPrecision(4)));
  return `${s.service} ${s.kpi} shifted ${way} from ${s.cycle_id} (${when}): mean ${mean(s.mean_before)} → ${mean(s.mean_after)}, ${formatImprovement(s.change)} (${shiftTone(s)}), p = ${formatP(s.p)}`;
}
