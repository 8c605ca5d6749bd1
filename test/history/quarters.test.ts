/** The quarterly view (protocol 4.2.3): cycles, gate pass rates, waivers used and improvement per quarter. */
import { describe, expect, it } from 'vitest';
import { quarters } from '../../src/core/history/quarters.ts';
import type { CycleRecord } from '../../src/core/history/site-data.ts';

type Q = Parameters<typeof quarters>[0][number];
const cycle = (
  slug: string,
  start: string,
  statuses: string[],
  improvements: number[],
  waivers: string[] = [],
): Q =>
  ({
    slug,
    cycle_id: slug,
    period: { start, end: start },
    verdict: statuses.includes('fail') ? 'fail' : statuses.includes('waived') ? 'waived' : 'pass',
    evaluation: {
      gates: statuses.map((status, i) => ({
        gate: i + 1,
        name: ['baseline', 'diagnostics', 'optimization', 'governance'][i],
        status,
      })),
      deltas: { kpis: improvements.map((improvement) => ({ role: 'target', improvement })), load_tests: [] },
    },
    details: { waivers: waivers.map((state) => ({ state })) },
  }) as unknown as Pick<CycleRecord, 'slug'> & Q;

describe('quarters', () => {
  it('counts each quarter by period start: pass rates of decided gates, waivers applied, median improvement', () => {
    const rows = quarters([
      cycle('c3', '2026-04-01T00:00:00Z', ['pass', 'pass', 'pending', 'pending'], []),
      cycle(
        'c2',
        '2026-03-31T23:00:00Z',
        ['pass', 'pass', 'waived', 'pass'],
        [0.2, 0.3],
        ['applied', 'expired'],
      ),
      cycle('c1', '2026-01-05T00:00:00Z', ['pass', 'fail', 'fail', 'pass'], [0.1, -0.05, 0.4]),
    ]);
    expect(rows.map((r) => r.label)).toEqual(['2026 Q1', '2026 Q2']);
    const [q1, q2] = rows;
    expect(q1!.cycles.map((c) => c.slug)).toEqual(['c1', 'c2']);
    // Gate 2: one pass, one fail -> 50 %; gate 3: one waived (counts as passed), one fail -> 50 %.
    expect(q1!.gates.map((g) => g.pass_rate)).toEqual([1, 0.5, 0.5, 1]);
    expect(q1!.waivers_applied).toBe(1);
    expect(q1!.waivers_expired).toBe(1);
    // Improvements 0.1, -0.05, 0.4, 0.2, 0.3: median 0.2, best 0.4.
    expect(q1!.targets).toBe(5);
    expect(q1!.median_improvement).toBe(0.2);
    expect(q1!.best_improvement).toBe(0.4);
    // A pending gate is not decided: no pass rate.
    expect(q2!.gates.map((g) => g.pass_rate)).toEqual([1, 1, null, null]);
    expect(q2!.median_improvement).toBeNull();
  });
});
