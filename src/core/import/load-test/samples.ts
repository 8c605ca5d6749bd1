/**
 * Raw-sample statistics with memory bounded by the number of DISTINCT latency values (a Map value ->
 * count), so a 1 GB JTL of integer milliseconds needs a few thousand entries, not a sample array.
 */
import { FORBIDDEN_KEYS } from '../../load/json.ts';
import { formatUtc } from '../../time.ts';
import type { ImportedValues } from './types.ts';

/** Accumulates per-request samples; exact nearest-rank percentiles at the end. */
export class SampleStats {
  private readonly counts = new Map<number, number>();
  count = 0;
  failed = 0;
  /** Earliest start and latest end, in epoch milliseconds (or a run-relative offset). */
  firstStart = Infinity;
  lastEnd = -Infinity;
  peak = 0;
  readonly errors = new Map<string, number>();

  /** Adds one request: latency in ms, start and end on one clock in ms. */
  add(latencyMs: number, startMs: number, endMs: number, error?: string): void {
    this.counts.set(latencyMs, (this.counts.get(latencyMs) ?? 0) + 1);
    this.count++;
    if (startMs < this.firstStart) this.firstStart = startMs;
    if (endMs > this.lastEnd) this.lastEnd = endMs;
    if (error !== undefined) {
      this.failed++;
      this.errors.set(error, (this.errors.get(error) ?? 0) + 1);
    }
  }

  /** How many samples' latency (ms) satisfies `good`: SLO error budgets count events this way. */
  countWhere(good: (latencyMs: number) => boolean): number {
    let n = 0;
    for (const [v, c] of this.counts) if (good(v)) n += c;
    return n;
  }

  /** Distinct latency values seen (what memory grows with). */
  get distinct(): number {
    return this.counts.size;
  }

  /** Nearest rank: the smallest v with at least p % of the samples <= v. */
  percentiles(ps: readonly number[]): number[] {
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    const ranks = ps.map((p) => Math.max(1, Math.ceil((p / 100) * this.count)));
    const out: number[] = [];
    let cum = 0;
    let r = 0;
    for (const k of keys) {
      cum += this.counts.get(k) ?? 0;
      while (r < ranks.length && cum >= (ranks[r] as number)) {
        out[r] = k;
        r++;
      }
    }
    return out;
  }

  /** The run fields raw samples give; `startIso` converts the first start when the clock is absolute. */
  values(startIso: ((ms: number) => string) | undefined): ImportedValues {
    const [p50, p90, p95, p99, max] = this.percentiles([50, 90, 95, 99, 100]) as number[];
    const durationS = round((this.lastEnd - this.firstStart) / 1000, 9);
    const v: ImportedValues = {
      requests: this.count,
      latency_ms: { p50: p50!, p90: p90!, p95: p95!, p99: p99!, max: max! },
      error_rate_pct: round((this.failed / this.count) * 100, 6),
    };
    if (startIso) v.started_at = startIso(this.firstStart);
    if (durationS > 0) {
      v.duration_s = durationS;
      v.throughput_rps = round(this.count / durationS, 6);
    }
    if (this.peak > 0) v.peak_concurrency = this.peak;
    if (this.errors.size > 0) {
      v.errors = Object.fromEntries([...this.errors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  }
}

/** Rounds to `digits` decimals (for stable output; inputs are never this precise). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Epoch milliseconds as RFC 3339 UTC, dropping a zero millisecond part. The readers refuse, with
 * the file and line, every sample time outside the years 0001-9999 (`inDateRange`) before this runs.
 */
export function isoFromMs(ms: number): string {
  const iso = formatUtc(ms);
  if (iso === undefined) throw new Error(`isoFromMs: ${ms} is outside the years 0001-9999`);
  return iso;
}

/** Whether epoch milliseconds `ms` fall in the years 0001-9999 (what an RFC 3339 date-time can write). */
export function inDateRange(ms: number): boolean {
  // formatUtc's rule without building a string per sample: Date truncates toward zero (TimeClip).
  if (!Number.isFinite(ms)) return false;
  const t = Math.trunc(ms);
  return t >= FIRST_MS && t <= LAST_MS;
}

/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, the years perfgate accepts. */
const FIRST_MS = new Date(0).setUTCFullYear(1, 0, 1);
const LAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * An error type key for `errors`: `http_503`, or a slug of the tool's message. A slug that the
 * strict JSON rules forbid as a key (`constructor`, `prototype`) becomes `code_constructor`: the
 * count is kept under a key that `perfgate validate` accepts (content/docs/import-load-tests.mdx).
 */
export function errorKey(status: string): string {
  if (/^\d{3}$/.test(status)) return `http_${status}`;
  const slug = status
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  if (FORBIDDEN_KEYS.has(slug)) return `code_${slug}`;
  return slug === '' || slug === '0' ? 'no_response' : slug;
}
