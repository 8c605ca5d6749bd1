import { describe, expect, it } from 'vitest';
import type { ArtifactName } from '../../src/core/artifacts.ts';
import { evaluateCycle } from '../../src/core/evaluate/index.ts';
import { validateEvaluationInput } from '../../src/core/validate/evaluation-input.ts';
import { art, base, drop, evaluate, gateOf } from './base.ts';

const PHASE_2: ArtifactName[] = ['profiling-report', 'load-test-results', 'capacity-analysis'];
const LATER: ArtifactName[] = [
  ...PHASE_2,
  'optimization-plan',
  'optimization-validation-report',
  'instrumentation-update-log',
  'slo-update-record',
  'reviewer-signoff',
  'continuous-improvement-notes',
  'distribution-log',
];

describe('pending gates', () => {
  it('a cycle in phase 1 has gate 1 decided and gates 2-4 pending, naming the phase', () => {
    const ev = evaluate((i) => {
      for (const a of LATER) drop(i, a);
      i.flameGraphs = [];
    });
    expect(ev.phase).toBe(1);
    expect(ev.gates.map((g) => g.status)).toEqual(['pass', 'pending', 'pending', 'pending']);
    const g2 = gateOf(ev, 2);
    expect(g2.criteria).toEqual([]);
    expect(g2.pending_reason).toBe(
      'Waiting for phase 2 (Diagnostics and Load Simulation): none of profiling-report.md, load-test-results.json, capacity-analysis.md exists yet; the cycle has reached phase 1.',
    );
  });

  it('a gate with some of its own inputs is decided, the missing ones not evaluable', () => {
    const ev = evaluate((i) => {
      drop(i, 'profiling-report');
      drop(i, 'load-test-results');
    });
    const g2 = gateOf(ev, 2);
    expect(g2.status).toBe('fail');
    expect(g2.criteria.map((c) => c.status)).toEqual(['not_evaluable', 'not_evaluable', 'not_evaluable']);
  });

  it('the intake alone does not decide gate 2 (it is not one of its own inputs)', () => {
    const ev = evaluate((i) => {
      for (const a of PHASE_2) drop(i, a);
    });
    expect(gateOf(ev, 2).status).toBe('pending');
  });

  it('a present but schema-invalid artifact decides its gate (not pending) and is reported as failing validation', () => {
    const ev = evaluate((i) => {
      delete i.artifacts['slo-update-record'];
      i.clean = i.clean.filter((n) => n !== 'slo-update-record');
    });
    const g4 = gateOf(ev, 4);
    expect(g4.status).toBe('fail');
    expect(g4.criteria.find((c) => c.id === 'slo_updates_signed')?.summary).toBe(
      'Not evaluable: slo-update-record.json failed validation.',
    );
  });
});

describe('deltas', () => {
  it('lists every target and monitored KPI with direction, improvement and where each value came from', () => {
    const ev = evaluate((i) =>
      Object.assign(art(i, 'optimization-validation-report').targets![0]!, {
        before: { value: 300, n: 20, stdev: 30 },
        after: { value: 250, n: 20, stdev: 25 },
      }),
    );
    expect(ev.deltas.kpis).toHaveLength(2);
    expect(ev.deltas.kpis[0]).toMatchObject({
      service: 'checkout',
      kpi: 'latency_p95_ms',
      task: 'OPT-1',
      role: 'target',
      direction: 'lower',
      before: 300,
      after: 250,
      regression: false,
      tolerance_pct: 5,
    });
    expect(ev.deltas.kpis[0]?.improvement).toBeCloseTo(1 / 6, 10);
    // A typed n and stdev are shown, never tested (ARTIFACTS.md section 2): no statistics.
    expect(ev.deltas.kpis[0]?.stats).toBeUndefined();
    expect(ev.deltas.kpis[0]?.sources.before).toMatchObject({ kind: 'typed', n: 20, stdev: 30 });
    // The base cycle's baseline row says 400 and its run c-base 480: 300 agrees with neither.
    expect(ev.deltas.kpis[0]?.sources.before.text).toBe(
      'typed (n 20, stdev 30: shown, never tested), contradicted by run c-base 480, baseline-metrics.csv row 1 400',
    );
    expect(ev.deltas.kpis[1]).toMatchObject({ kpi: 'error_rate_pct', role: 'monitored', improvement: 0 });
    expect(ev.deltas.kpis[1]?.stats).toBeUndefined();
  });

  it('pairs the latest baseline and after run per (service, scenario, kind)', () => {
    const ev = evaluate((i) => {
      const runs = art(i, 'load-test-results').runs;
      runs.push({
        ...runs[0]!,
        id: 'c-base-2',
        started_at: '2026-11-06T10:00:00Z',
        latency_ms: { p50: 60, p90: 250, p95: 500, p99: 700 },
      });
    });
    expect(ev.deltas.load_tests).toHaveLength(1); // search has no after run
    const d = ev.deltas.load_tests[0]!;
    expect(d).toMatchObject({
      service: 'checkout',
      scenario: 'peak',
      kind: 'load',
      baseline_run: 'c-base-2',
      after_run: 'c-after',
    });
    expect(d.metrics.map((m) => m.metric)).toEqual([
      'latency_p50_ms',
      'latency_p90_ms',
      'latency_p95_ms',
      'latency_p99_ms',
      'throughput_rps',
      'error_rate_pct',
    ]);
    expect(d.metrics.find((m) => m.metric === 'latency_p95_ms')).toMatchObject({
      direction: 'lower',
      before: 500,
      after: 340,
      improvement: 0.32,
    });
    expect(d.metrics.find((m) => m.metric === 'throughput_rps')).toMatchObject({
      direction: 'higher',
      improvement: 0,
    });
  });
});

describe('traceability', () => {
  it('has the gate and downstream-protocol columns and a row per upstream, input and generated file', () => {
    const t = evaluate().traceability;
    expect(t.columns).toEqual([
      'gate-1',
      'gate-2',
      'gate-3',
      'gate-4',
      'protocol-19',
      'protocol-21',
      'protocol-22',
    ]);
    expect(t.rows.filter((r) => r.role === 'upstream').map((r) => [r.artifact, r.present])).toEqual([
      ['../protocol-15/DEPLOYMENT-REPORT.md', true],
      ['../protocol-16/MONITORING-PACKAGE.zip', false],
      ['../protocol-16/OBSERVABILITY-BASELINE.md', true],
      ['../protocol-17/INCIDENT-REPORT.md', false],
    ]);
    // ARTIFACTS.md: protocol 16 hands over MONITORING-PACKAGE.zip or OBSERVABILITY-BASELINE.md, so the absent
    // one is named as satisfied by the other, never as missing; protocol 17's report has no alternative.
    expect(t.rows.filter((r) => r.role === 'upstream').map((r) => r.alternative)).toEqual([
      undefined,
      '../protocol-16/OBSERVABILITY-BASELINE.md',
      undefined,
      undefined,
    ]);
    expect(t.rows.filter((r) => r.role === 'input')).toHaveLength(14);
    expect(t.rows.filter((r) => r.role === 'generated').map((r) => r.artifact)).toContain(
      'performance-evidence-bundle.zip',
    );
    const byPath = (p: string) => t.rows.find((r) => r.artifact === p)!;
    expect(byPath('baseline-metrics.csv').cells['gate-1']).toEqual([
      'baseline_completeness',
      'baseline_freshness_hours',
      expect.stringMatching(/^step 1/),
    ]);
    expect(byPath('optimization-plan.json').cells['protocol-21']).toHaveLength(1);
    expect(byPath('profiling-report.md').cells['protocol-21']).toHaveLength(1);
    expect(byPath('slo-update-record.json').cells['protocol-19']).toHaveLength(1);
    expect(byPath('instrumentation-update-log.md').cells['protocol-19']).toHaveLength(1);
    expect(byPath('PERFORMANCE-REPORT.md').cells['protocol-22']).toHaveLength(1);
    expect(byPath('continuous-improvement-notes.md').cells['protocol-22']).toHaveLength(1);
    // Gate 3 reads the runs and the baseline to tie its values to their evidence (ARTIFACTS.md section 2).
    expect(byPath('load-test-results.json').cells['gate-3']).toEqual(['kpi_improvement', 'regression_count']);
    expect(byPath('baseline-metrics.csv').cells['gate-3']).toEqual(['kpi_improvement', 'regression_count']);
  });

  it('lists significance only when configured', () => {
    const input = base();
    input.config.optimization.significance_alpha = 0.05;
    const row = evaluateCycle(validateEvaluationInput(input)).traceability.rows.find(
      (r) => r.artifact === 'optimization-validation-report.json',
    )!;
    expect(row.cells['gate-3']).toContain('significance');
    const plain = evaluate().traceability.rows.find(
      (r) => r.artifact === 'optimization-validation-report.json',
    )!;
    expect(plain.cells['gate-3']).not.toContain('significance');
  });
});

describe('the output', () => {
  it('is deterministic and JSON-safe', () => {
    expect(JSON.stringify(evaluate())).toBe(JSON.stringify(evaluate()));
    expect(JSON.parse(JSON.stringify(evaluate()))).toEqual(evaluate());
  });
});
