import { describe, expect, it } from 'vitest';
import type { UnvalidatedInput } from '../../src/core/evaluate/types.ts';
import { art, criterionOf, drop, evaluate, gateOf } from './base.ts';

const noSearchCapacity = (i: UnvalidatedInput) => void art(i, 'capacity-analysis').sections.pop();

describe('diagnostic_coverage', () => {
  it('is exactly 0.90 at its threshold (capacity missing for one of two critical services)', () => {
    const c = criterionOf(evaluate(noSearchCapacity), 'diagnostic_coverage');
    expect(c).toMatchObject({ status: 'pass', actual: 0.9, margin: 0, at_risk: true, denominator: 2 });
    expect(c.items.find((x) => !x.counted)).toMatchObject({
      kind: 'capacity',
      id: 'search',
      note: 'no capacity section',
    });
  });

  it('passes just inside and fails just outside', () => {
    const inside = evaluate((i) => {
      noSearchCapacity(i);
      i.config.diagnostics.coverage_threshold = 0.89;
    });
    expect(criterionOf(inside, 'diagnostic_coverage').status).toBe('pass');
    const outside = evaluate((i) => {
      noSearchCapacity(i);
      i.config.diagnostics.coverage_threshold = 0.91;
    });
    expect(criterionOf(outside, 'diagnostic_coverage')).toMatchObject({ status: 'fail', margin: -0.01 });
    expect(gateOf(outside, 2).status).toBe('fail');
  });

  it('weights profiling, load and capacity as configured', () => {
    const ev = evaluate((i) => {
      i.flameGraphs = [['diagnostics/checkout.svg'], []]; // search not profiled
      i.config.diagnostics.weights = { profiling: 0.5, load: 0.25, capacity: 0.25 };
    });
    expect(criterionOf(ev, 'diagnostic_coverage').actual).toBe(0.75);
  });

  it('counts only baseline runs of kind load or stress as load-tested', () => {
    const ev = evaluate((i) => {
      const runs = art(i, 'load-test-results').runs;
      runs[2]!.kind = 'soak'; // search: no baseline load/stress any more
    });
    const c = criterionOf(ev, 'diagnostic_coverage');
    expect(c.actual).toBe(0.8);
    expect(c.items.find((x) => x.kind === 'load' && x.id === 'search')?.counted).toBe(false);
  });

  it('is not evaluable with no critical service or a missing diagnostics artifact', () => {
    const none = evaluate((i) => {
      for (const s of art(i, 'performance-intake-report').services) s.critical = false;
    });
    expect(criterionOf(none, 'diagnostic_coverage')).toMatchObject({
      status: 'not_evaluable',
      denominator: 0,
    });
    expect(gateOf(none, 2).status).toBe('fail');
    const noCapacity = evaluate((i) => drop(i, 'capacity-analysis'));
    expect(criterionOf(noCapacity, 'diagnostic_coverage').status).toBe('not_evaluable');
    expect(gateOf(noCapacity, 2).status).toBe('fail');
  });
});

describe('profiled_critical_services', () => {
  it('passes at its minimum (at risk), fails one below', () => {
    const at = evaluate((i) => void (i.config.diagnostics.min_profiled_critical = 2));
    expect(criterionOf(at, 'profiled_critical_services')).toMatchObject({
      status: 'pass',
      actual: 2,
      margin: 0,
      at_risk: true,
    });
    expect(criterionOf(at, 'profiled_critical_services').evidence).toContain('diagnostics/search.svg');
    const out = evaluate((i) => void (i.config.diagnostics.min_profiled_critical = 3));
    expect(criterionOf(out, 'profiled_critical_services')).toMatchObject({ status: 'fail', margin: -1 });
  });

  it("counts a section only with a flame graph and only under the service's own name", () => {
    const ev = evaluate((i) => {
      i.config.diagnostics.min_profiled_critical = 2;
      i.flameGraphs = [['diagnostics/checkout.svg'], []];
    });
    const c = criterionOf(ev, 'profiled_critical_services');
    expect(c).toMatchObject({ status: 'fail', actual: 1 });
    expect(c.items.find((x) => x.id === 'search')).toMatchObject({
      counted: false,
      note: 'no flame graph linked',
    });
    const renamed = evaluate((i) => void (art(i, 'profiling-report').sections[1]!.service = 'Search'));
    expect(criterionOf(renamed, 'profiled_critical_services').actual).toBe(1);
  });

  it('is not evaluable with no critical service or no profiling report', () => {
    const none = evaluate((i) => {
      for (const s of art(i, 'performance-intake-report').services) s.critical = false;
    });
    expect(criterionOf(none, 'profiled_critical_services').status).toBe('not_evaluable');
    const missing = evaluate((i) => drop(i, 'profiling-report'));
    expect(criterionOf(missing, 'profiled_critical_services').status).toBe('not_evaluable');
    expect(gateOf(missing, 2).status).toBe('fail');
  });
});

describe('peak_load_error_rate_pct', () => {
  const rate = (index: number, value: number) => (i: UnvalidatedInput) =>
    void (art(i, 'load-test-results').runs[index]!.error_rate_pct = value);

  it('takes the largest error rate over load runs of both phases and ignores stress runs', () => {
    const c = criterionOf(evaluate(), 'peak_load_error_rate_pct');
    expect(c).toMatchObject({ status: 'pass', actual: 0.5 }); // the stress run at 3 % is not a load run
    expect(criterionOf(evaluate(rate(1, 2)), 'peak_load_error_rate_pct')).toMatchObject({
      status: 'pass',
      actual: 2,
      margin: 0,
      at_risk: true,
    });
    expect(criterionOf(evaluate(rate(1, 1.99)), 'peak_load_error_rate_pct').status).toBe('pass');
    const out = criterionOf(evaluate(rate(1, 2.01)), 'peak_load_error_rate_pct');
    expect(out).toMatchObject({ status: 'fail', actual: 2.01 });
    expect(out.summary).toContain('c-after');
  });

  it('is not evaluable with no load run', () => {
    const ev = evaluate((i) => {
      for (const r of art(i, 'load-test-results').runs) r.kind = 'stress';
    });
    expect(criterionOf(ev, 'peak_load_error_rate_pct').status).toBe('not_evaluable');
    expect(gateOf(ev, 2).status).toBe('fail');
    expect(
      criterionOf(
        evaluate((i) => drop(i, 'load-test-results')),
        'peak_load_error_rate_pct',
      ).status,
    ).toBe('not_evaluable');
  });
});
