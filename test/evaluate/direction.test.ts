/**
 * KPI direction as ARTIFACTS.md (conventions) decides it: config, then unit, then words; unknown
 * otherwise. Expected values are the contract's own examples and the cases of issue 10.
 */
import { describe, expect, it } from 'vitest';
import { resolveDirection } from '../../src/core/contract/direction.ts';
import { art, criterionOf, evaluate } from './base.ts';

describe('KPI direction (contract examples)', () => {
  it.each([
    ['cache_hit_latency_ms', 'lower', 'unit'],
    ['error_rps', 'lower', 'unit'],
    ['throughput_rps', 'higher', 'unit'],
    ['cache_hit_ratio', 'higher', 'words'],
    ['cpu_util_pct', 'lower', 'words'],
    ['success_latency_p99_ms', 'lower', 'unit'],
    ['timeouts_per_sec', 'lower', 'unit'],
    ['orders_per_s', 'higher', 'unit'],
    ['payload_kb', 'lower', 'unit'],
    ['error_rate_pct', 'lower', 'words'],
    ['availability_pct', 'higher', 'words'],
  ])('%s is %s (decided by the %s)', (kpi, direction, source) => {
    expect(resolveDirection(kpi, {})).toEqual({ direction, source });
  });

  it.each(['success_error_pct', 'conversion_pct', 'cart_count', 'hit_latency_ratio'])(
    '%s (words of both lists, or of neither) is unknown',
    (kpi) => {
      expect(resolveDirection(kpi, {})).toEqual({ direction: null, source: 'unknown' });
    },
  );

  it('takes the config first, in either form', () => {
    expect(resolveDirection('conversion_pct', { conversion_pct: { direction: 'higher' } })).toEqual({
      direction: 'higher',
      source: 'config',
    });
    expect(resolveDirection('latency_p95_ms', { latency_p95_ms: 'higher' }).direction).toBe('higher');
  });
});

describe('KPI direction in gate 3 (issue 10)', () => {
  it('cache_hit_latency_ms 4 -> 40 ms is a regression of 900 %, not an improvement', () => {
    const ev = evaluate((i) => {
      art(i, 'optimization-validation-report').monitored = [
        { service: 'search', kpi: 'cache_hit_latency_ms', before: 4, after: 40 },
      ];
    });
    const d = ev.deltas.kpis.find((k) => k.kpi === 'cache_hit_latency_ms')!;
    expect(d).toMatchObject({ direction: 'lower', improvement: -9, regression: true });
    expect(criterionOf(ev, 'regression_count')).toMatchObject({ status: 'fail', actual: 1 });
  });

  it('error_rps 1 -> 50 is a regression (failure word in a rate)', () => {
    const ev = evaluate((i) => {
      art(i, 'optimization-validation-report').monitored = [
        { service: 'search', kpi: 'error_rps', before: 1, after: 50 },
      ];
    });
    expect(ev.deltas.kpis.find((k) => k.kpi === 'error_rps')).toMatchObject({
      direction: 'lower',
      improvement: -49,
      regression: true,
    });
  });

  it('a target success_latency_p99_ms 300 -> 900 is worse by 200 %: gate 3 fails', () => {
    const ev = evaluate((i) => {
      art(i, 'optimization-validation-report').targets!.push({
        service: 'checkout',
        kpi: 'success_latency_p99_ms',
        before: 300,
        after: 900,
      });
    });
    expect(ev.deltas.kpis.find((k) => k.kpi === 'success_latency_p99_ms')).toMatchObject({
      direction: 'lower',
      improvement: -2,
    });
    expect(criterionOf(ev, 'kpi_improvement').status).toBe('fail');
    expect(ev.gates[2]!.status).toBe('fail');
  });

  it('a target of unknown direction is not improved, and kpi_improvement names it', () => {
    const ev = evaluate((i) => {
      art(i, 'optimization-validation-report').targets!.push({
        service: 'checkout',
        kpi: 'conversion_pct',
        before: 2,
        after: 3,
      });
    });
    const c = criterionOf(ev, 'kpi_improvement');
    expect(c.status).toBe('fail');
    expect(c.summary).toContain('checkout conversion_pct (direction of conversion_pct unknown');
  });

  it('a monitored KPI of unknown direction is a regression when it moves beyond tolerance either way', () => {
    const moved = (after: number) =>
      evaluate((i) => {
        art(i, 'optimization-validation-report').monitored = [
          { service: 'search', kpi: 'conversion_pct', before: 100, after },
        ];
      });
    expect(criterionOf(moved(106), 'regression_count')).toMatchObject({ status: 'fail', actual: 1 });
    expect(criterionOf(moved(94), 'regression_count')).toMatchObject({ status: 'fail', actual: 1 });
    // Within tolerance it is judged (counted in the denominator), not skipped as not computable.
    expect(criterionOf(moved(104), 'regression_count')).toMatchObject({
      status: 'pass',
      actual: 0,
      denominator: 2,
    });
  });
});
