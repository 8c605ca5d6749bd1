/** Which way is better for a KPI: the config's `kpis:` first, then defaults read from its name. */
import { get } from './safe.ts';

export type Direction = 'lower' | 'higher';

/** Name tokens meaning "higher is better" (checked first: `hit_rate_pct` is a rate that should rise). */
const HIGHER = new Set([
  'throughput',
  'rps',
  'qps',
  'tps',
  'apdex',
  'hit',
  'hits',
  'success',
  'availability',
  'uptime',
]);
/** Name tokens meaning "lower is better". */
const LOWER = new Set([
  'latency',
  'duration',
  'error',
  'errors',
  'cpu',
  'memory',
  'mem',
  'cost',
  'time',
  'miss',
  'misses',
  'p50',
  'p75',
  'p90',
  'p95',
  'p99',
  'p999',
  'wait',
  'gc',
]);
/** Units that settle what the name does not: time, money and size are costs; rates of requests are gains. */
const UNIT_LOWER = new Set(['ms', 's', 'usd', 'mb']);

/**
 * Direction of a KPI. Config wins; then name tokens (split on `_`); then the unit; anything still
 * unknown is lower-is-better, as most performance KPIs measure a cost.
 */
export function kpiDirection(kpi: string, kpis: unknown): Direction {
  const configured = get(kpis, kpi);
  if (configured === 'lower' || configured === 'higher') return configured;
  const tokens = kpi
    .toLowerCase()
    .split(/[_\W]+/)
    .filter(Boolean);
  if (tokens.some((t) => HIGHER.has(t))) return 'higher';
  if (tokens.some((t) => LOWER.has(t))) return 'lower';
  const unit = tokens[tokens.length - 1] ?? '';
  if (unit === 'rps') return 'higher';
  if (UNIT_LOWER.has(unit)) return 'lower';
  return 'lower';
}

/**
 * Direction-aware relative improvement, positive when better: (before - after) / |before| for
 * lower-is-better, (after - before) / |before| otherwise. Dividing by |before| keeps the sign right
 * for negative baselines. Null when before is 0 or either value is not a finite number.
 */
export function improvement(
  before: number | null,
  after: number | null,
  direction: Direction,
): number | null {
  if (
    before === null ||
    after === null ||
    before === 0 ||
    !Number.isFinite(before) ||
    !Number.isFinite(after)
  )
    return null;
  const r = direction === 'lower' ? (before - after) / Math.abs(before) : (after - before) / Math.abs(before);
  return Number.isFinite(r) ? r : null;
}
