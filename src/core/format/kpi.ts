/** A KPI's value with the unit its name ends in (ARTIFACTS.md conventions), for every surface alike. */
import { display } from './number.ts';

const UNITS: Record<string, string> = {
  ms: 'ms',
  s: 's',
  rps: 'req/s',
  pct: '%',
  count: 'count',
  mb: 'MB',
  usd: 'USD',
  ratio: 'ratio',
};

/** The unit a KPI name ends in (`latency_p95_ms` → `ms`); empty when the name has no known unit. */
export function kpiUnit(kpi: string): string {
  const m = /_([a-z]+)$/.exec(kpi);
  return (m && UNITS[m[1] ?? '']) ?? '';
}

/** `498 ms`, `0.72 ratio`, `34,327.28 req/s`, `—` for a missing value. */
export function formatKpiValue(kpi: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const unit = kpiUnit(kpi);
  return unit ? `${display(v)} ${unit}` : display(v);
}
