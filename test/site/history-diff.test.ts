/** Cycle over cycle: KPI after values and SLO objectives compared in the KPI's direction, gate changes. */
import { describe, expect, it } from 'vitest';
import { improvement } from '../../src/core/contract/direction.ts';
import type { CycleEvaluation, GateResult, KpiDelta } from '../../src/core/evaluate/types.ts';
import { cycleDiff } from '../../src/core/history/diff.ts';
import type { CycleDetails, CycleRecord, Verdict } from '../../src/core/history/site-data.ts';

type Side = Parameters<typeof cycleDiff>[0];

/** A typed value with nothing to check it against (ARTIFACTS.md section 2); the diff does not read it. */
const TYPED: KpiDelta['sources']['before'] = {
  kind: 'typed',
  value: 0,
  n: null,
  stdev: null,
  check: { state: 'none', evidence: [] },
  text: 'typed, no evidence',
  files: [],
};

function delta(d: Partial<KpiDelta> & Pick<KpiDelta, 'service' | 'kpi' | 'after'>): KpiDelta {
  return {
    role: 'target',
    direction: 'lower',
    before: 100,
    improvement: null,
    regression: false,
    tolerance_pct: 5,
    sources: { before: TYPED, after: TYPED },
    ...d,
  };
}

function side(
  id: string,
  opts: {
    verdict?: Verdict;
    gates?: GateResult['status'][];
    kpis?: KpiDelta[];
    slos?: { service: string; sli: string; objective_after: number }[];
    kpiConfig?: Record<string, 'lower' | 'higher'>;
  },
): Side {
  const names = ['baseline', 'diagnostics', 'optimization', 'governance'] as const;
  const evaluation = {
    config: { kpis: opts.kpiConfig ?? {} },
    gates: (opts.gates ?? ['pass', 'pass', 'pass', 'pass']).map((status, i) => ({
      gate: i + 1,
      name: names[i],
      title: names[i],
      status,
      criteria: [],
    })),
    deltas: { kpis: opts.kpis ?? [], load_tests: [] },
  } as unknown as CycleEvaluation;
  const details = {
    slo: opts.slos
      ? {
          changes: opts.slos.map((s) => ({
            ...s,
            objective_before: 0,
            window: '28d',
            rationale: null,
          })),
          status: 'approved',
          approvals: [],
        }
      : null,
  } as unknown as CycleDetails;
  return { slug: id, cycle_id: id, verdict: opts.verdict ?? 'pass', evaluation, details } as Pick<
    CycleRecord,
    'slug' | 'cycle_id' | 'verdict' | 'evaluation' | 'details'
  >;
}

describe('cycleDiff', () => {
  it('compares after values in each KPI direction, with the core improvement formula', () => {
    const prev = side('a', {
      kpis: [
        delta({ service: 's', kpi: 'latency_p95_ms', after: 200 }),
        delta({ service: 's', kpi: 'throughput_rps', after: 500, direction: 'higher', role: 'monitored' }),
        delta({ service: 's', kpi: 'error_rate_pct', after: 0.5, role: 'monitored' }),
      ],
    });
    const cur = side('b', {
      kpis: [
        delta({ service: 's', kpi: 'latency_p95_ms', after: 150 }),
        delta({ service: 's', kpi: 'throughput_rps', after: 450, direction: 'higher', role: 'target' }),
        delta({ service: 's', kpi: 'error_rate_pct', after: 0.5, role: 'monitored' }),
      ],
    });
    const d = cycleDiff(prev, cur);
    const by = Object.fromEntries(d.kpis.map((k) => [k.kpi, k]));
    expect(by.latency_p95_ms).toMatchObject({ previous_after: 200, after: 150, trend: 'better' });
    expect(by.latency_p95_ms!.change).toBe(improvement(200, 150, 'lower'));
    expect(by.latency_p95_ms!.change).toBeCloseTo(0.25);
    // Higher is better: a lower throughput is worse, whatever the sign of the raw difference.
    expect(by.throughput_rps).toMatchObject({ trend: 'worse', role: 'target', previous_role: 'monitored' });
    expect(by.throughput_rps!.change).toBeCloseTo(-0.1);
    expect(by.error_rate_pct).toMatchObject({ trend: 'unchanged', change: 0 });
    expect(d.counts).toMatchObject({ kpis_better: 1, kpis_worse: 1, kpis_unchanged: 1 });
  });

  it('keys KPIs by service, KPI and endpoint, and lists the ones measured on one side only', () => {
    const prev = side('a', {
      kpis: [
        delta({ service: 's', kpi: 'latency_p95_ms', endpoint: 'GET /a', after: 10, role: 'monitored' }),
        delta({ service: 'old', kpi: 'cpu_util_pct', after: 50 }),
      ],
    });
    const cur = side('b', {
      kpis: [
        delta({ service: 's', kpi: 'latency_p95_ms', endpoint: 'GET /b', after: 10, role: 'monitored' }),
        delta({ service: 's', kpi: 'latency_p95_ms', endpoint: 'GET /a', after: 12, role: 'monitored' }),
      ],
    });
    const d = cycleDiff(prev, cur);
    expect(d.kpis).toHaveLength(1);
    expect(d.kpis[0]).toMatchObject({ endpoint: 'GET /a', previous_after: 10, after: 12, trend: 'worse' });
    expect(d.kpis_added).toEqual([{ service: 's', kpi: 'latency_p95_ms', endpoint: 'GET /b' }]);
    expect(d.kpis_dropped).toEqual([{ service: 'old', kpi: 'cpu_util_pct', endpoint: null }]);
  });

  it('pairs a service and KPI left alone on both sides even when the endpoints differ', () => {
    const prev = side('a', {
      kpis: [
        delta({ service: 's', kpi: 'latency_p95_ms', after: 100 }),
        delta({ service: 't', kpi: 'latency_p95_ms', after: 100 }),
      ],
    });
    const cur = side('b', {
      kpis: [
        delta({ service: 's', kpi: 'latency_p95_ms', endpoint: 'POST /x', after: 90, role: 'monitored' }),
        // Two candidates for one previous value: ambiguous, so not paired.
        delta({ service: 't', kpi: 'latency_p95_ms', endpoint: 'GET /1', after: 90 }),
        delta({ service: 't', kpi: 'latency_p95_ms', endpoint: 'GET /2', after: 90 }),
      ],
    });
    const d = cycleDiff(prev, cur);
    expect(d.kpis).toEqual([
      expect.objectContaining({
        service: 's',
        endpoint: 'POST /x',
        previous_endpoint: null,
        trend: 'better',
      }),
    ]);
    expect(d.kpis_added.map((k) => k.endpoint)).toEqual(['GET /1', 'GET /2']);
    expect(d.kpis_dropped).toEqual([{ service: 't', kpi: 'latency_p95_ms', endpoint: null }]);
  });

  it('calls a change from a previous value of 0 not comparable (no relative change exists)', () => {
    const prev = side('a', { kpis: [delta({ service: 's', kpi: 'error_count', after: 0 })] });
    const cur = side('b', { kpis: [delta({ service: 's', kpi: 'error_count', after: 3 })] });
    expect(cycleDiff(prev, cur).kpis[0]).toMatchObject({ change: null, trend: 'not_comparable' });
  });

  it('calls an SLO objective tightened when it is stricter in the SLI direction (config first)', () => {
    const slos = (latency: number, apdex: number) => [
      { service: 's', sli: 'latency_p95_ms', objective_after: latency },
      { service: 's', sli: 'apdex_ratio', objective_after: apdex },
      { service: 's', sli: 'queue_depth_count', objective_after: 10 },
    ];
    const prev = side('a', { slos: slos(450, 0.9) });
    const cur = side('b', {
      slos: [...slos(400, 0.85), { service: 'new', sli: 'latency_p99_ms', objective_after: 1 }].map((s) =>
        s.sli === 'queue_depth_count' ? { ...s, objective_after: 20 } : s,
      ),
      kpiConfig: { queue_depth_count: 'higher' },
    });
    const d = cycleDiff(prev, cur);
    const by = Object.fromEntries(d.slos.map((s) => [s.sli, s]));
    expect(by.latency_p95_ms).toMatchObject({ previous_objective: 450, objective: 400, trend: 'tightened' });
    expect(by.apdex_ratio).toMatchObject({ direction: 'higher', trend: 'loosened' });
    expect(by.queue_depth_count).toMatchObject({ direction: 'higher', trend: 'tightened' });
    expect(d.slos).toHaveLength(3);
    expect(d.counts).toMatchObject({ slos_tightened: 2, slos_loosened: 1 });
  });

  it('reports each gate with its previous status and the verdicts', () => {
    const prev = side('a', { verdict: 'pass' });
    const cur = side('b', { verdict: 'fail', gates: ['pass', 'pass', 'fail', 'pending'] });
    const d = cycleDiff(prev, cur);
    expect(d.previous).toEqual({ slug: 'a', cycle_id: 'a' });
    expect(d.verdict).toEqual({ previous: 'pass', current: 'fail' });
    expect(d.gates.map((g) => [g.gate, g.previous, g.status, g.changed])).toEqual([
      [1, 'pass', 'pass', false],
      [2, 'pass', 'pass', false],
      [3, 'pass', 'fail', true],
      [4, 'pass', 'pending', true],
    ]);
    expect(d.counts.gates_changed).toBe(2);
  });
});
