import { describe, expect, it } from 'vitest';
import type { UnvalidatedInput } from '../../src/core/evaluate/types.ts';
import { art, criterionOf, drop, evaluate, gateOf } from './base.ts';

describe('baseline_completeness', () => {
  const missingCpu = (i: UnvalidatedInput) => {
    art(i, 'baseline-metrics').rows[0]!.cpu_util_pct = null;
  };

  it('passes at its threshold, at risk, with margin 0 (11 of 12 cells)', () => {
    const ev = evaluate((i) => {
      missingCpu(i);
      i.config.baseline.completeness_threshold = 11 / 12;
    });
    const c = criterionOf(ev, 'baseline_completeness');
    expect(c).toMatchObject({ status: 'pass', numerator: 11, denominator: 12, margin: 0, at_risk: true });
    expect(c.items.find((x) => x.id === 'checkout/cpu_util_pct')).toMatchObject({
      counted: false,
      note: 'no number in cpu_util_pct',
    });
  });

  it('passes just inside and fails just outside the threshold', () => {
    const inside = evaluate((i) => {
      missingCpu(i);
      i.config.baseline.completeness_threshold = 0.9;
    });
    expect(criterionOf(inside, 'baseline_completeness').status).toBe('pass');
    const outside = evaluate(missingCpu); // 11/12 = 0.917 < 0.95
    expect(criterionOf(outside, 'baseline_completeness')).toMatchObject({
      status: 'fail',
      actual: 0.916666666667,
    });
    expect(criterionOf(outside, 'baseline_completeness').margin).toBeLessThan(0);
    expect(gateOf(outside, 1).status).toBe('fail');
  });

  it('counts a cell present when any row of the service has a number', () => {
    const ev = evaluate((i) => {
      const rows = art(i, 'baseline-metrics').rows;
      missingCpu(i);
      rows.push({
        service: 'checkout',
        collected_at: '2026-11-02T08:00:00Z',
        source: 'APM',
        endpoint: 'GET /cart',
        cpu_util_pct: 40,
      });
    });
    expect(criterionOf(ev, 'baseline_completeness')).toMatchObject({ status: 'pass', actual: 1 });
  });

  it('takes services without `prioritized` as prioritized and leaves out prioritized: false', () => {
    const ev = evaluate();
    expect(criterionOf(ev, 'baseline_completeness').denominator).toBe(12);
    expect(criterionOf(ev, 'baseline_completeness').items.some((x) => x.id.startsWith('mailer/'))).toBe(
      false,
    );
  });

  it('is not evaluable (and gate 1 fails) with no prioritized service, no required KPI or no baseline', () => {
    const none = evaluate((i) => {
      for (const s of art(i, 'performance-intake-report').services) s.prioritized = false;
    });
    expect(criterionOf(none, 'baseline_completeness')).toMatchObject({
      status: 'not_evaluable',
      actual: null,
      margin: null,
      denominator: 0,
    });
    expect(gateOf(none, 1).status).toBe('fail');
    const noKpis = evaluate((i) => void (i.config.baseline.required_kpis = []));
    expect(criterionOf(noKpis, 'baseline_completeness').status).toBe('not_evaluable');
    const missing = evaluate((i) => drop(i, 'baseline-metrics'));
    expect(criterionOf(missing, 'baseline_completeness')).toMatchObject({
      status: 'not_evaluable',
      summary: 'Not evaluable: baseline-metrics.csv is missing.',
    });
    expect(gateOf(missing, 1).status).toBe('fail');
  });
});

describe('telemetry_coverage', () => {
  const noSearchTracing = (i: UnvalidatedInput) => {
    art(i, 'performance-intake-report').telemetry_sources[2]!.services = ['checkout'];
  };

  it('is at, inside and outside its threshold', () => {
    const at = evaluate((i) => {
      noSearchTracing(i);
      i.config.baseline.telemetry_coverage_threshold = 5 / 6;
    });
    expect(criterionOf(at, 'telemetry_coverage')).toMatchObject({
      status: 'pass',
      margin: 0,
      at_risk: true,
      numerator: 5,
      denominator: 6,
    });
    const inside = evaluate((i) => {
      noSearchTracing(i);
      i.config.baseline.telemetry_coverage_threshold = 0.8;
    });
    expect(criterionOf(inside, 'telemetry_coverage').status).toBe('pass');
    const outside = evaluate(noSearchTracing);
    const c = criterionOf(outside, 'telemetry_coverage');
    expect(c.status).toBe('fail');
    expect(c.items.find((x) => !x.counted)).toMatchObject({
      id: 'search/tracing',
      note: 'no tracing source lists search',
    });
  });

  it('is not evaluable with no required kind or no intake', () => {
    expect(
      criterionOf(
        evaluate((i) => void (i.config.baseline.required_telemetry = [])),
        'telemetry_coverage',
      ).status,
    ).toBe('not_evaluable');
    const ev = evaluate((i) => drop(i, 'performance-intake-report'));
    expect(criterionOf(ev, 'telemetry_coverage').status).toBe('not_evaluable');
    expect(gateOf(ev, 1).status).toBe('fail');
  });
});

describe('telemetry_sources', () => {
  it('passes at 3 (at risk), inside at 4, fails at 2', () => {
    const at = evaluate((i) => void art(i, 'performance-intake-report').telemetry_sources.pop());
    expect(criterionOf(at, 'telemetry_sources')).toMatchObject({
      status: 'pass',
      actual: 3,
      margin: 0,
      at_risk: true,
    });
    expect(criterionOf(evaluate(), 'telemetry_sources')).toMatchObject({
      status: 'pass',
      actual: 4,
      margin: 1,
      at_risk: false,
    });
    const out = evaluate((i) => void art(i, 'performance-intake-report').telemetry_sources.splice(2));
    expect(criterionOf(out, 'telemetry_sources')).toMatchObject({ status: 'fail', actual: 2, margin: -1 });
  });

  it('is not evaluable without the intake report', () => {
    expect(
      criterionOf(
        evaluate((i) => drop(i, 'performance-intake-report')),
        'telemetry_sources',
      ).status,
    ).toBe('not_evaluable');
  });
});

describe('baseline_freshness_hours', () => {
  const collected = (at: string) => (i: UnvalidatedInput) =>
    void (art(i, 'baseline-metrics').rows[0]!.collected_at = at);

  it('passes at exactly 6 h (either side of generated_at), fails at 6 h 1 min', () => {
    expect(
      criterionOf(evaluate(collected('2026-11-02T03:00:00Z')), 'baseline_freshness_hours'),
    ).toMatchObject({ status: 'pass', actual: 6, margin: 0, at_risk: true });
    expect(
      criterionOf(evaluate(collected('2026-11-02T15:00:00Z')), 'baseline_freshness_hours'),
    ).toMatchObject({ status: 'pass', actual: 6 });
    expect(criterionOf(evaluate(collected('2026-11-02T03:01:00Z')), 'baseline_freshness_hours').status).toBe(
      'pass',
    );
    const out = criterionOf(evaluate(collected('2026-11-02T02:59:00Z')), 'baseline_freshness_hours');
    expect(out.status).toBe('fail');
    expect(out.actual).toBeCloseTo(6.0167, 3);
  });

  it('ignores rows of services that are not prioritized', () => {
    const ev = evaluate(
      (i) =>
        void art(i, 'baseline-metrics').rows.push({
          service: 'mailer',
          collected_at: '2020-01-01T00:00:00Z',
          source: 'x',
        }),
    );
    expect(criterionOf(ev, 'baseline_freshness_hours')).toMatchObject({ status: 'pass', actual: 1 });
  });

  it('is not evaluable with no row of a prioritized service', () => {
    const ev = evaluate((i) => void (art(i, 'baseline-metrics').rows = []));
    expect(criterionOf(ev, 'baseline_freshness_hours').status).toBe('not_evaluable');
    expect(gateOf(ev, 1).status).toBe('fail');
  });
});

describe('hypotheses', () => {
  it('passes at 3 (at risk) and fails at 2 complete ones', () => {
    const at = evaluate((i) => void art(i, 'hypothesis-log').hypotheses.splice(3));
    expect(criterionOf(at, 'hypotheses')).toMatchObject({
      status: 'pass',
      actual: 3,
      margin: 0,
      at_risk: true,
    });
    const out = evaluate((i) => {
      const h = art(i, 'hypothesis-log').hypotheses;
      h.splice(3);
      h[0]!.owner = '  ';
    });
    const c = criterionOf(out, 'hypotheses');
    expect(c).toMatchObject({ status: 'fail', actual: 2 });
    expect(c.items[0]).toMatchObject({ id: 'H-1', counted: false, note: 'no owner' });
  });

  it('is not evaluable without the hypothesis log', () => {
    const ev = evaluate((i) => drop(i, 'hypothesis-log'));
    expect(criterionOf(ev, 'hypotheses').status).toBe('not_evaluable');
    expect(gateOf(ev, 1).status).toBe('fail');
  });
});
