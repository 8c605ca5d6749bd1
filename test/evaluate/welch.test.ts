import { describe, expect, it } from 'vitest';
import { improvement, kpiDirection } from '../../src/core/contract/direction.ts';
import { welchTest } from '../../src/core/evaluate/welch.ts';

describe("Welch's t-test", () => {
  it('matches the hand-computed example (300 sd 30 n 20 vs 250 sd 25 n 20)', () => {
    // By hand: se^2 = 30^2/20 + 25^2/20 = 45 + 31.25 = 76.25, se = 8.7321;
    // t = (250 - 300) / 8.7321 = -5.7260; df = 76.25^2 / (45^2/19 + 31.25^2/19) = 5814.0625 / 157.9770 = 36.803.
    const w = welchTest({ mean: 300, n: 20, sd: 30 }, { mean: 250, n: 20, sd: 25 });
    expect(w).not.toBeNull();
    expect(w!.diff).toBe(-50);
    expect(w!.t).toBeCloseTo(-5.72598, 4);
    expect(w!.df).toBeCloseTo(36.8036, 3);
    expect(w!.p).toBeLessThan(1e-5);
    expect(w!.p).toBeGreaterThan(1e-7);
    // t(0.975, 36.8) = 2.0266: -50 +/- 2.0266 x 8.7321.
    expect(w!.ci95[0]).toBeCloseTo(-67.696, 2);
    expect(w!.ci95[1]).toBeCloseTo(-32.304, 2);
  });

  it('gives p = 1 for equal means and a large p for a small difference in noisy samples', () => {
    expect(welchTest({ mean: 10, n: 5, sd: 2 }, { mean: 10, n: 5, sd: 2 })?.p).toBe(1);
    expect(welchTest({ mean: 300, n: 3, sd: 60 }, { mean: 250, n: 3, sd: 60 })!.p).toBeGreaterThan(0.3);
  });

  it('is not computable with n < 2, a non-finite or negative stdev, or no variance at all', () => {
    expect(welchTest({ mean: 1, n: 1, sd: 1 }, { mean: 2, n: 5, sd: 1 })).toBeNull();
    expect(welchTest({ mean: 1, n: 5, sd: NaN }, { mean: 2, n: 5, sd: 1 })).toBeNull();
    expect(welchTest({ mean: 1, n: 5, sd: -1 }, { mean: 2, n: 5, sd: 1 })).toBeNull();
    expect(welchTest({ mean: 1, n: 5, sd: 0 }, { mean: 2, n: 5, sd: 0 })).toBeNull();
  });
});

describe('KPI direction defaults', () => {
  it.each([
    ['latency_p95_ms', 'lower'],
    ['request_duration_s', 'lower'],
    ['error_rate_pct', 'lower'],
    ['cpu_util_pct', 'lower'],
    ['memory_rss_mb', 'lower'],
    ['mem_used_mb', 'lower'],
    ['cloud_cost_usd', 'lower'],
    ['response_time_ms', 'lower'],
    ['p99_ms', 'lower'],
    ['throughput_rps', 'higher'],
    ['checkout_rps', 'higher'],
    ['apdex_ratio', 'higher'],
    ['cache_hit_ratio', 'higher'],
    ['hit_rate_pct', 'higher'],
    ['queue_depth_count', 'lower'],
  ])('%s is %s-is-better', (kpi, dir) => {
    expect(kpiDirection(kpi, {})).toBe(dir);
  });

  it('follows the config first, ignoring inherited keys', () => {
    expect(kpiDirection('latency_p95_ms', { latency_p95_ms: 'higher' })).toBe('higher');
    // An inherited key is no config entry, and `constructor` has no unit or word: unknown.
    expect(kpiDirection('constructor', {})).toBeNull();
  });

  it('computes improvement against |before|, null when before is 0', () => {
    expect(improvement(400, 300, 'lower')).toBe(0.25);
    expect(improvement(100, 120, 'higher')).toBe(0.2);
    expect(improvement(-10, -5, 'lower')).toBe(-0.5);
    expect(improvement(0, 5, 'lower')).toBeNull();
  });
});
