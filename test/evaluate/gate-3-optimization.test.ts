import { describe, expect, it } from 'vitest';
import type { UnvalidatedInput } from '../../src/core/evaluate/types.ts';
import type { ValidationTarget } from '../../src/core/types/artifacts.generated.ts';
import { art, criterionOf, drop, evaluate, gateOf } from './base.ts';

const target = (i: UnvalidatedInput, n = 0): ValidationTarget =>
  art(i, 'optimization-validation-report').targets![n]!;
const addTarget = (i: UnvalidatedInput, t: ValidationTarget) =>
  art(i, 'optimization-validation-report').targets!.push(t);
const EXCEPTION = {
  approved_by: 'VP Eng',
  approved_at: '2026-11-17T09:00:00Z',
  mitigation: 'Follow-up OPT-9 next cycle',
};

describe('kpi_improvement', () => {
  it('passes at exactly 15 % (at risk), just inside, and fails just outside', () => {
    const at = criterionOf(
      evaluate((i) => void (target(i).after = 340)),
      'kpi_improvement',
    );
    expect(at).toMatchObject({ status: 'pass', actual: 0.15, margin: 0, at_risk: true });
    expect(
      criterionOf(
        evaluate((i) => void (target(i).after = 339)),
        'kpi_improvement',
      ),
    ).toMatchObject({ status: 'pass', actual: 0.1525 });
    const out = evaluate((i) => void (target(i).after = 341));
    expect(criterionOf(out, 'kpi_improvement')).toMatchObject({
      status: 'fail',
      actual: 0.1475,
      margin: -0.0025,
    });
    expect(criterionOf(out, 'kpi_improvement').summary).toBe(
      'checkout latency_p95_ms improved 14.8 % < 15 %',
    );
    expect(gateOf(out, 3).status).toBe('fail');
  });

  it('never words a failing improvement as equal to its threshold (issue 10: 15.0 % < 15 %)', () => {
    // 400 -> 340.16 ms is (400 - 340.16) / 400 = 14.96 %: one decimal would print 15.0 %.
    const out = evaluate((i) => void (target(i).after = 340.16));
    expect(criterionOf(out, 'kpi_improvement')).toMatchObject({ status: 'fail', actual: 0.1496 });
    expect(criterionOf(out, 'kpi_improvement').summary).toBe(
      'checkout latency_p95_ms improved 14.96 % < 15 %',
    );
  });

  it('decides on the smallest improvement over targets', () => {
    const ev = evaluate((i) =>
      addTarget(i, { service: 'search', kpi: 'latency_p95_ms', before: 100, after: 90 }),
    );
    expect(criterionOf(ev, 'kpi_improvement')).toMatchObject({ status: 'fail', actual: 0.1 });
  });

  it('is not evaluable with no targets, no computable target, or no plan', () => {
    const none = evaluate((i) => void (art(i, 'optimization-validation-report').targets = []));
    expect(criterionOf(none, 'kpi_improvement').status).toBe('not_evaluable');
    expect(gateOf(none, 3).status).toBe('fail');
    const zero = evaluate((i) => void (target(i).before = 0));
    expect(criterionOf(zero, 'kpi_improvement')).toMatchObject({ status: 'not_evaluable' });
    expect(criterionOf(zero, 'kpi_improvement').items[0]).toMatchObject({
      note: 'before is 0: improvement not computable, not improved',
    });
    const noPlan = evaluate((i) => drop(i, 'optimization-plan'));
    expect(criterionOf(noPlan, 'kpi_improvement').summary).toBe(
      'Not evaluable: optimization-plan.json is missing.',
    );
  });

  // ARTIFACTS.md section 3: a target whose improvement cannot be computed is not improved, and
  // kpi_improvement fails naming it (the issue: throughput_rps 0 -> 0 was dropped, gate 3 passed).
  it('fails and names a target with before = 0, whatever the other targets did', () => {
    const ev = evaluate((i) =>
      addTarget(i, { service: 'search', kpi: 'throughput_rps', before: 0, after: 0 }),
    );
    const c = criterionOf(ev, 'kpi_improvement');
    expect(c.status).toBe('fail');
    expect(c.summary).toContain('search throughput_rps (before is 0');
    expect(c.items.find((i) => i.id === 'search throughput_rps')).toMatchObject({ counted: true });
    expect(gateOf(ev, 3).status).toBe('fail');
  });
});

describe('signed exceptions (kpi_improvement)', () => {
  it('passes a target under threshold with a signed exception and lists it beside the result', () => {
    const ev = evaluate((i) =>
      addTarget(i, {
        service: 'search',
        kpi: 'latency_p95_ms',
        before: 100,
        after: 90,
        exception: EXCEPTION,
      }),
    );
    const c = criterionOf(ev, 'kpi_improvement');
    expect(c).toMatchObject({ status: 'pass', actual: 0.25 });
    expect(c.exceptions).toEqual([
      { service: 'search', kpi: 'latency_p95_ms', ...EXCEPTION, improvement: 0.1 },
    ]);
    expect(gateOf(ev, 3).status).toBe('pass');
  });

  it('passes, at risk, when every target under threshold has one', () => {
    const ev = evaluate((i) => {
      target(i).after = 360;
      target(i).exception = EXCEPTION;
    });
    expect(criterionOf(ev, 'kpi_improvement')).toMatchObject({ status: 'pass', actual: 0.1, at_risk: true });
  });

  it('never lifts a regression', () => {
    const ev = evaluate((i) => {
      target(i).after = 440; // 10 % worse, beyond the 5 % tolerance
      target(i).exception = EXCEPTION;
    });
    expect(criterionOf(ev, 'kpi_improvement')).toMatchObject({ status: 'fail', actual: -0.1 });
    expect(criterionOf(ev, 'kpi_improvement').exceptions).toBeUndefined();
    expect(criterionOf(ev, 'regression_count')).toMatchObject({ status: 'fail', actual: 1 });
    expect(gateOf(ev, 3).status).toBe('fail');
  });

  it('is not in force when approved after the evaluation time', () => {
    const ev = evaluate((i) => {
      target(i).after = 360;
      target(i).exception = { ...EXCEPTION, approved_at: '2026-12-01T00:00:00Z' };
    });
    const c = criterionOf(ev, 'kpi_improvement');
    expect(c.status).toBe('fail');
    expect(c.items[0]?.note).toContain('not in force');
  });
});

describe('KPI direction', () => {
  it('treats throughput as higher-is-better', () => {
    const up = evaluate((i) => Object.assign(target(i), { kpi: 'throughput_rps', before: 100, after: 120 }));
    expect(criterionOf(up, 'kpi_improvement')).toMatchObject({ status: 'pass', actual: 0.2 });
    const down = evaluate((i) => Object.assign(target(i), { kpi: 'throughput_rps', before: 100, after: 80 }));
    expect(criterionOf(down, 'kpi_improvement')).toMatchObject({ status: 'fail', actual: -0.2 });
    expect(down.deltas.kpis[0]).toMatchObject({ direction: 'higher', improvement: -0.2, regression: true });
  });

  it('follows `kpis:` in the config over the name', () => {
    const ev = evaluate((i) => void (i.config.kpis = { latency_p95_ms: 'higher' }));
    expect(criterionOf(ev, 'kpi_improvement')).toMatchObject({ status: 'fail', actual: -0.25 });
    expect(ev.deltas.kpis[0]?.direction).toBe('higher');
  });
});

describe('regression_count', () => {
  const monitored =
    (after: number, extra: object = {}) =>
    (i: UnvalidatedInput) =>
      Object.assign(art(i, 'optimization-validation-report').monitored![0]!, { after, ...extra });

  it('counts a change of exactly the tolerance as no regression and 6 % as one', () => {
    expect(criterionOf(evaluate(monitored(1.05)), 'regression_count')).toMatchObject({
      status: 'pass',
      actual: 0,
      margin: 0,
      at_risk: false,
    });
    const out = evaluate(monitored(1.06));
    const c = criterionOf(out, 'regression_count');
    expect(c).toMatchObject({
      status: 'fail',
      actual: 1,
      margin: -1,
      summary:
        'search error_rate_pct 6.0 % worse, beyond the 5 % tolerance (not confirmed: more runs would decide)',
    });
    expect(gateOf(out, 3).status).toBe('fail');
  });

  it('words a regression as negative, with digits enough to be beyond its tolerance (issue 10)', () => {
    // error_rate_pct 1 -> 1.0504 is 5.04 % worse: one decimal would print 5.0 % against 5 %.
    const c = criterionOf(evaluate(monitored(1.0504)), 'regression_count');
    expect(c).toMatchObject({ status: 'fail', actual: 1 });
    expect(c.summary).toBe(
      'search error_rate_pct 5.04 % worse, beyond the 5 % tolerance (not confirmed: more runs would decide)',
    );
    expect(c.items.find((x) => x.counted)?.value).toBeCloseTo(-0.0504, 12);
  });

  it("uses the KPI's own tolerance_pct, else optimization.regression_tolerance_pct", () => {
    expect(criterionOf(evaluate(monitored(1.06, { tolerance_pct: 10 })), 'regression_count').actual).toBe(0);
    const cfg = evaluate((i) => {
      monitored(1.06)(i);
      i.config.optimization.regression_tolerance_pct = 7;
    });
    expect(criterionOf(cfg, 'regression_count').actual).toBe(0);
  });

  it('allows up to max_regressions (at risk at the limit)', () => {
    const ev = evaluate((i) => {
      monitored(1.5)(i);
      i.config.optimization.max_regressions = 1;
    });
    expect(criterionOf(ev, 'regression_count')).toMatchObject({
      status: 'pass',
      actual: 1,
      margin: 0,
      at_risk: true,
    });
  });

  it('counts any worsening from a zero baseline as a regression', () => {
    const ev = evaluate((i) =>
      Object.assign(art(i, 'optimization-validation-report').monitored![0]!, { before: 0, after: 0.5 }),
    );
    expect(criterionOf(ev, 'regression_count')).toMatchObject({ status: 'fail', actual: 1 });
  });

  it('is not evaluable with no monitored KPI and no target', () => {
    const ev = evaluate((i) =>
      Object.assign(art(i, 'optimization-validation-report'), { targets: [], monitored: [] }),
    );
    expect(criterionOf(ev, 'regression_count').status).toBe('not_evaluable');
    expect(gateOf(ev, 3).status).toBe('fail');
  });
});

describe('significance', () => {
  it('is left out unless significance_alpha is set', () => {
    expect(gateOf(evaluate(), 3).criteria.map((c) => c.id)).toEqual(['kpi_improvement', 'regression_count']);
  });

  it('is never computed from a typed n and stdev: not evaluable, naming the runs missing', () => {
    // Before this change these typed samples (n 20 per side) gave Welch p = 1.9e-6 and a pass.
    const ev = evaluate((i) => {
      Object.assign(target(i), {
        before: { value: 300, n: 20, stdev: 30 },
        after: { value: 250, n: 20, stdev: 25 },
      });
      i.config.optimization.significance_alpha = 0.05;
    });
    const c = criterionOf(ev, 'significance');
    expect(c.status).toBe('not_evaluable');
    expect(c.summary).toBe(
      'Not evaluable: 1 of 1 target without run-level values to test (two or more referenced runs per side): checkout latency_p95_ms (before typed (its n 20 counts requests, not runs), 2 more runs needed; after typed (its n 20 counts requests, not runs), 2 more runs needed).',
    );
    expect(gateOf(ev, 3).status).toBe('fail');
  });
});
