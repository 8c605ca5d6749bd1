/**
 * Which way is better for a KPI (ARTIFACTS.md, conventions): the config's `kpis:` first, then the
 * unit (the last `_` token), then the words of the name. First match wins, and nothing is guessed:
 * words of both lists, or of neither, leave the direction unknown (null).
 */
import type { ResolvedKpiDirections } from '../types/artifacts.generated.ts';

export type Direction = 'lower' | 'higher';

/** How the direction was decided, for the receipts and the diagnostic. */
export type DirectionSource = 'config' | 'unit' | 'words' | 'unknown';

export interface ResolvedDirection {
  direction: Direction | null;
  source: DirectionSource;
}

/** Time and size units: a cost, lower is better. */
const UNIT_LOWER = new Set(['ms', 'us', 'ns', 's', 'sec', 'seconds', 'min', 'b', 'bytes', 'kb', 'mb', 'gb']);
/** Rate units: higher is better, unless a failure word says what is counted per second. */
const UNIT_RATE = new Set(['rps', 'qps', 'tps', 'ops', 'per_s', 'per_sec']);
const FAILURE_WORDS = new Set([
  'error',
  'errors',
  'fail',
  'failed',
  'failure',
  'timeout',
  'timeouts',
  'drop',
  'dropped',
  'retry',
  'retries',
  'reject',
  'rejected',
  '4xx',
  '5xx',
]);
const WORDS_LOWER = new Set([
  'latency',
  'duration',
  'time',
  'wait',
  'queue',
  'error',
  'fail',
  'timeout',
  'cpu',
  'memory',
  'mem',
  'gc',
  'cost',
  'size',
]);
const WORDS_HIGHER = new Set(['throughput', 'apdex', 'hit', 'availability', 'uptime', 'success', 'score']);

/** A word of a list, also in its plural (`errors`, `hits`, `timeouts`). */
function inList(list: ReadonlySet<string>, token: string): boolean {
  return list.has(token) || (token.endsWith('s') && list.has(token.slice(0, -1)));
}

/** The direction set in the config: `kpis: { name: lower }` or `kpis: { name: { direction: lower } }`. */
function configured(kpi: string, kpis: ResolvedKpiDirections): Direction | null {
  // An own key only: a KPI named like an Object member (`constructor`) is not configured.
  const entry = Object.hasOwn(kpis, kpi) ? kpis[kpi] : undefined;
  const d = typeof entry === 'string' ? entry : entry?.direction;
  return d === 'lower' || d === 'higher' ? d : null;
}

/** Direction of a KPI and how it was decided; `direction: null` when unknown. */
export function resolveDirection(kpi: string, kpis: ResolvedKpiDirections): ResolvedDirection {
  const fromConfig = configured(kpi, kpis);
  if (fromConfig) return { direction: fromConfig, source: 'config' };
  const tokens = kpi.toLowerCase().split('_').filter(Boolean);
  const last = tokens.at(-1) ?? '';
  const lastTwo = tokens.slice(-2).join('_');
  // `per_s` before `s`: a rate per second is not a time.
  if (UNIT_RATE.has(lastTwo) || UNIT_RATE.has(last)) {
    const failure = tokens.some((t) => FAILURE_WORDS.has(t));
    return { direction: failure ? 'lower' : 'higher', source: 'unit' };
  }
  if (UNIT_LOWER.has(last)) return { direction: 'lower', source: 'unit' };
  const lower = tokens.some((t) => inList(WORDS_LOWER, t));
  const higher = tokens.some((t) => inList(WORDS_HIGHER, t));
  if (lower !== higher) return { direction: lower ? 'lower' : 'higher', source: 'words' };
  return { direction: null, source: 'unknown' };
}

/** Direction of a KPI (config, unit, words), or null when it cannot be decided. */
export function kpiDirection(kpi: string, kpis: ResolvedKpiDirections): Direction | null {
  return resolveDirection(kpi, kpis).direction;
}

/** The `kpis:` config line that settles the direction of a KPI (for hints). */
export function directionConfigLine(kpi: string): string {
  return `kpis: { ${kpi}: { direction: lower } }   # or higher, whichever is better`;
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
