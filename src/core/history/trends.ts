/**
 * Across cycles: the target KPIs' after values and the gate statuses per cycle (oldest first), and,
 * once there are too many cycles to chart one by one, the same grouped by calendar period (the
 * finest of month, quarter or year that keeps a chart within `TIMELINE_BUCKETS_MAX` points) with the
 * minimum, median and maximum of each period. One pass over the cycles: linear in their number.
 */
import { cmp } from '../diagnostics.ts';
import type {
  CycleRecord,
  GateHistoryBucket,
  GateHistoryRow,
  KpiTrend,
  Timeline,
  TimelineBucket,
  TrendBucket,
  Verdict,
} from './site-data.ts';

/** Up to this many cycles, the history charts show one point per cycle. */
export const TREND_CYCLES_MAX = 24;
/** A calendar timeline has at most this many periods (unless even years exceed it). */
export const TIMELINE_BUCKETS_MAX = 40;
/** KPIs targeted by one of this many newest cycles are charted on the home page. */
export const TREND_RECENT_CYCLES = 24;

type Unit = Exclude<Timeline['unit'], 'cycle'>;
const UNDATED: TimelineBucket = { key: 'undated', label: 'no period', start: null, end: null };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Calendar index of a date-time for a unit (consecutive periods have consecutive indexes); null if unparsable. */
function periodIndex(t: string | null, unit: Unit): number | null {
  const ms = t === null ? NaN : Date.parse(t);
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return unit === 'year' ? y : unit === 'quarter' ? y * 4 + Math.floor(m / 3) : y * 12 + m;
}

/** The calendar period with this index. */
function periodBucket(index: number, unit: Unit): TimelineBucket {
  const months = unit === 'year' ? 12 : unit === 'quarter' ? 3 : 1;
  const first = unit === 'year' ? index * 12 : unit === 'quarter' ? index * 3 : index;
  const y = Math.floor(first / 12);
  const m = first % 12;
  const lastDay = new Date(Date.UTC(y, m + months, 0)).toISOString().slice(0, 10);
  const start = `${y}-${pad(m + 1)}-01`;
  if (unit === 'year') return { key: String(y), label: String(y), start, end: lastDay };
  if (unit === 'quarter') {
    const q = Math.floor(m / 3) + 1;
    return { key: `${y}-Q${q}`, label: `${y} Q${q}`, start, end: lastDay };
  }
  return { key: `${y}-${pad(m + 1)}`, label: `${y}-${pad(m + 1)}`, start, end: lastDay };
}

const periodEnd = (c: Pick<CycleRecord, 'period'>) => c.period?.end ?? null;
/** A cycle belongs to the month it starts in (2026-10-19 – 2026-11-16 is an October cycle, as its name says). */
const periodStart = (c: Pick<CycleRecord, 'period'>) => c.period?.start ?? null;

/** The timeline of the history: per cycle when there are few, else the finest calendar unit that fits. */
export function timeline(cycles: readonly Pick<CycleRecord, 'period'>[]): Timeline {
  if (cycles.length <= TREND_CYCLES_MAX) return { unit: 'cycle', buckets: [] };
  const units: Unit[] = ['month', 'quarter', 'year'];
  let chosen: Unit = 'year';
  let range: [number, number] | null = null;
  for (const unit of units) {
    const idx = cycles.map((c) => periodIndex(periodStart(c), unit)).filter((i): i is number => i !== null);
    range = idx.length > 0 ? [Math.min(...idx), Math.max(...idx)] : null;
    chosen = unit;
    if (!range || range[1] - range[0] + 1 <= TIMELINE_BUCKETS_MAX) break;
  }
  const buckets: TimelineBucket[] = [];
  if (range) for (let i = range[0]; i <= range[1]; i++) buckets.push(periodBucket(i, chosen));
  if (cycles.some((c) => periodIndex(periodStart(c), chosen) === null)) buckets.push(UNDATED);
  return { unit: chosen, buckets };
}

/** The timeline bucket key of a cycle. */
function bucketKey(c: Pick<CycleRecord, 'period'>, tl: Timeline): string {
  if (tl.unit === 'cycle') return '';
  const i = periodIndex(periodStart(c), tl.unit);
  return i === null ? UNDATED.key : periodBucket(i, tl.unit).key;
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A trend's values grouped by the timeline's periods, from its first period to its last. */
function trendBuckets(values: { key: string; after: number }[], tl: Timeline): TrendBucket[] {
  if (tl.unit === 'cycle' || values.length === 0) return [];
  const byKey = new Map<string, number[]>();
  for (const v of values) {
    const xs = byKey.get(v.key);
    if (xs) xs.push(v.after);
    else byKey.set(v.key, [v.after]);
  }
  const dated = tl.buckets.filter((b) => b.key !== UNDATED.key);
  const used = dated.map((b, i) => (byKey.has(b.key) ? i : -1)).filter((i) => i >= 0);
  const span = used.length > 0 ? dated.slice(used[0], used.at(-1)! + 1) : [];
  if (byKey.has(UNDATED.key)) span.push(UNDATED);
  return span.map((b) => {
    const xs = (byKey.get(b.key) ?? []).sort((a, z) => a - z);
    return {
      key: b.key,
      label: b.label,
      cycles: xs.length,
      min: xs[0] ?? null,
      median: median(xs),
      max: xs.at(-1) ?? null,
    };
  });
}

/** The after value of each target KPI of each service, in each cycle that measured it (newest cycles first in). */
export function trends(cycles: readonly CycleRecord[], tl: Timeline): KpiTrend[] {
  const byKey = new Map<
    string,
    { trend: Omit<KpiTrend, 'buckets'>; values: { key: string; after: number }[] }
  >();
  // Newest first: the first delta seen of a KPI gives its direction; `recent` is decided on the way.
  cycles.forEach((c, i) => {
    const bucket = bucketKey(c, tl);
    for (const d of c.evaluation.deltas.kpis) {
      if (d.role !== 'target') continue;
      const k = JSON.stringify([d.service, d.kpi]);
      let entry = byKey.get(k);
      if (!entry) {
        entry = {
          trend: { service: d.service, kpi: d.kpi, direction: d.direction, recent: false, points: [] },
          values: [],
        };
        byKey.set(k, entry);
      }
      // One point per cycle: the first target of the KPI in the cycle (as the cycle page lists them).
      if (entry.trend.points.at(-1)?.slug === c.slug) continue;
      if (i < TREND_RECENT_CYCLES) entry.trend.recent = true;
      entry.trend.points.push({
        slug: c.slug,
        cycle_id: c.cycle_id,
        period_end: periodEnd(c),
        after: d.after,
        improvement: d.improvement,
      });
      entry.values.push({ key: bucket, after: d.after });
    }
  });
  return [...byKey.values()]
    .map(({ trend, values }) => ({
      ...trend,
      points: trend.points.reverse(),
      buckets: trendBuckets(values.reverse(), tl),
    }))
    .sort((a, b) => cmp(a.service, b.service) || cmp(a.kpi, b.kpi));
}

/** How many gates of each cycle passed, were waived, failed or are pending (oldest first). */
export function gateHistory(cycles: readonly CycleRecord[]): GateHistoryRow[] {
  return [...cycles].reverse().map((c) => {
    const count = (s: string) => c.evaluation.gates.filter((g) => g.status === s).length;
    return {
      slug: c.slug,
      cycle_id: c.cycle_id,
      period_end: periodEnd(c),
      pass: count('pass'),
      waived: count('waived'),
      fail: count('fail'),
      pending: count('pending'),
    };
  });
}

const noVerdicts = (): Record<Verdict, number> => ({ pass: 0, waived: 0, fail: 0, in_progress: 0 });

/** How many cycles have each verdict. */
export function verdictCounts(cycles: readonly Pick<CycleRecord, 'verdict'>[]): Record<Verdict, number> {
  const counts = noVerdicts();
  for (const c of cycles) counts[c.verdict]++;
  return counts;
}

/** The cycles' verdicts and gate statuses per period of a calendar timeline (oldest first). */
export function gateHistoryBuckets(cycles: readonly CycleRecord[], tl: Timeline): GateHistoryBucket[] {
  if (tl.unit === 'cycle') return [];
  const byKey = new Map<string, GateHistoryBucket>(
    tl.buckets.map((b) => [b.key, { ...b, cycles: 0, verdicts: noVerdicts(), gates: [] }]),
  );
  for (const c of cycles) {
    const b = byKey.get(bucketKey(c, tl));
    if (!b) continue;
    b.cycles++;
    b.verdicts[c.verdict]++;
    for (const g of c.evaluation.gates) {
      let row = b.gates.find((x) => x.gate === g.gate);
      if (!row) {
        row = { gate: g.gate, name: g.name, pass: 0, waived: 0, fail: 0, pending: 0 };
        b.gates.push(row);
        b.gates.sort((x, y) => x.gate - y.gate);
      }
      row[g.status]++;
    }
  }
  return [...byKey.values()];
}
