/** The history charts' timeline: one point per cycle while few, else calendar periods with min/median/max. */
import { describe, expect, it } from 'vitest';
import type { CycleEvaluation, GateResult } from '../../src/core/evaluate/types.ts';
import {
  gateHistoryBuckets,
  timeline,
  TIMELINE_BUCKETS_MAX,
  TREND_CYCLES_MAX,
  trends,
  verdictCounts,
} from '../../src/core/history/trends.ts';
import type { CycleRecord, Verdict } from '../../src/core/history/site-data.ts';

const DAY = 24 * 60 * 60 * 1000;

/** `count` cycles, newest first, one every `days` days ending on 2026-11-20; after = 100 + index. */
function cycles(count: number, days: number, opts: { undated?: number; fail?: (i: number) => boolean } = {}) {
  const end = Date.parse('2026-11-20T00:00:00Z');
  const out: CycleRecord[] = [];
  for (let i = 0; i < count; i++) {
    const t = new Date(end - (count - 1 - i) * days * DAY).toISOString();
    const failed = opts.fail?.(i) ?? false;
    const verdict: Verdict = failed ? 'fail' : 'pass';
    const gates = [1, 2, 3, 4].map((gate) => ({
      gate,
      name: `g${gate}`,
      status: failed && gate === 3 ? 'fail' : 'pass',
    })) as unknown as GateResult[];
    out.push({
      slug: `c${i}`,
      cycle_id: `c${i}`,
      period: i < (opts.undated ?? 0) ? null : { start: t, end: t },
      verdict,
      evaluation: {
        gates,
        deltas: {
          kpis: [
            {
              service: 's',
              kpi: 'latency_p95_ms',
              role: 'target',
              direction: 'lower',
              before: 200,
              after: 100 + i,
              improvement: null,
              regression: false,
              tolerance_pct: 5,
            },
          ],
          load_tests: [],
        },
      } as unknown as CycleEvaluation,
    } as unknown as CycleRecord);
  }
  return out.reverse();
}

describe('timeline', () => {
  it('keeps one point per cycle up to TREND_CYCLES_MAX cycles', () => {
    expect(timeline(cycles(TREND_CYCLES_MAX, 14))).toEqual({ unit: 'cycle', buckets: [] });
  });

  it('picks the finest calendar unit within TIMELINE_BUCKETS_MAX periods', () => {
    // 30 cycles a week apart: about 7 months.
    expect(timeline(cycles(30, 7)).unit).toBe('month');
    // 200 cycles two weeks apart: about 7.6 years, 92 months, 31 quarters.
    const q = timeline(cycles(200, 14));
    expect(q.unit).toBe('quarter');
    expect(q.buckets.length).toBeLessThanOrEqual(TIMELINE_BUCKETS_MAX);
    expect(q.buckets.at(-1)).toEqual({
      key: '2026-Q4',
      label: '2026 Q4',
      start: '2026-10-01',
      end: '2026-12-31',
    });
    // 400 cycles: 15 years, 61 quarters: years.
    expect(timeline(cycles(400, 14)).unit).toBe('year');
  });

  it('has every period between the first and the last, and an undated bucket last', () => {
    const tl = timeline(cycles(30, 30, { undated: 2 }));
    const keys = tl.buckets.map((b) => b.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.at(-1)).toBe('undated');
    // The oldest dated cycle ends on 2024-09-01, the newest on 2026-11-20: 27 months, none skipped.
    expect(keys.slice(0, 3)).toEqual(['2024-09', '2024-10', '2024-11']);
    expect(keys.slice(0, -1)).toHaveLength(27);
    expect(keys.at(-2)).toBe('2026-11');
  });
});

describe('trends', () => {
  it('groups the after values per period with min, median and max, oldest first', () => {
    const cs = cycles(200, 14);
    const tl = timeline(cs);
    const [t] = trends(cs, tl);
    expect(t!.points).toHaveLength(200);
    expect(t!.points[0]!.cycle_id).toBe('c0');
    expect(t!.recent).toBe(true);
    const total = t!.buckets.reduce((n, b) => n + b.cycles, 0);
    expect(total).toBe(200);
    for (const b of t!.buckets) {
      const inside = t!.points.filter((p) =>
        tl.buckets.find(
          (x) =>
            x.key === b.key && p.period_end!.slice(0, 10) >= x.start! && p.period_end!.slice(0, 10) <= x.end!,
        ),
      );
      const xs = inside.map((p) => p.after).sort((a, z) => a - z);
      expect(b.cycles).toBe(xs.length);
      expect(b.min).toBe(xs[0]);
      expect(b.max).toBe(xs.at(-1));
      const mid = Math.floor(xs.length / 2);
      expect(b.median).toBe(xs.length % 2 ? xs[mid] : (xs[mid - 1]! + xs[mid]!) / 2);
    }
  });

  it('leaves the buckets empty with the per-cycle timeline', () => {
    const cs = cycles(5, 14);
    expect(trends(cs, timeline(cs))[0]!.buckets).toEqual([]);
  });
});

describe('gate history per period', () => {
  it('counts each cycle once, by verdict and by gate status', () => {
    const cs = cycles(200, 14, { fail: (i) => i % 17 === 16 });
    const buckets = gateHistoryBuckets(cs, timeline(cs));
    expect(buckets.reduce((n, b) => n + b.cycles, 0)).toBe(200);
    expect(buckets.reduce((n, b) => n + b.verdicts.fail, 0)).toBe(verdictCounts(cs).fail);
    expect(verdictCounts(cs)).toEqual({ pass: 189, waived: 0, fail: 11, in_progress: 0 });
    for (const b of buckets) expect(b.gates.find((g) => g.gate === 3)?.fail ?? 0).toBe(b.verdicts.fail);
  });
});
