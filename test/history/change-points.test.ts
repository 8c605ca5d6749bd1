/**
 * Change points (ARTIFACTS.md section 8): the E-Divisive split statistic against its definition and
 * against an independent implementation in R, the permutation p-value against R's exact one, the
 * detection rate and false alarms on synthetic series with known steps (fixed seed, printed), and
 * the shifts of the demo archive's story.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { E_DIVISIVE, eDivisive } from '../../src/core/history/change-points/e-divisive.ts';
import { splitStatistics } from '../../src/core/history/change-points/energy.ts';
import { shiftText } from '../../src/core/history/change-points/text.ts';
import { readDemoHistory } from './demo-history.ts';

/** Q from its definition (Matteson and James 2014, alpha = 1), O(n^2) per split. */
function qByDefinition(v: number[], t: number): number {
  const x = v.slice(0, t);
  const y = v.slice(t);
  const [m, n] = [x.length, y.length];
  let cross = 0;
  let wx = 0;
  let wy = 0;
  for (const a of x) for (const b of y) cross += Math.abs(a - b);
  for (let i = 0; i < m; i++) for (let k = i + 1; k < m; k++) wx += Math.abs(x[i]! - x[k]!);
  for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) wy += Math.abs(y[i]! - y[k]!);
  return ((m * n) / (m + n)) * ((2 * cross) / (m * n) - wx / ((m * (m - 1)) / 2) - wy / ((n * (n - 1)) / 2));
}

describe('the split statistic', () => {
  it('equals its definition for every split of random series', () => {
    const rng = xoroshiro128plus(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = 4 + (trial % 30);
      const v = Array.from({ length: n }, () => uniformInt(rng, 0, 50) / 4 + (trial % 3 === 0 ? 0.1 : 0));
      const q = splitStatistics(v, 2);
      for (let t = 2; t <= n - 2; t++) expect(q[t]).toBeCloseTo(qByDefinition(v, t), 9);
    }
  });

  /*
   * Independent check in R 4.2.2 (base R, test/history/e-divisive-check.R: the statistic from its
   * definition and the exact permutation p-value over all 5040 orders of each series):
   *   $ Rscript test/history/e-divisive-check.R
   *   checkout_p95 t=2 q=324.000000 p=0.095238
   *   inventory_p95 t=4 q=165.142857 p=0.057143
   *   step t=4 q=30.285714 p=0.057143
   */
  const R_EXACT = [
    { values: [498, 489, 401, 391, 329, 321, 268], t: 2, q: 324, p: 0.095238 },
    { values: [405, 402, 409, 445, 352, 358, 352], t: 4, q: 165.142857, p: 0.057143 },
    { values: [10, 11, 9, 10, 20, 21, 19], t: 4, q: 30.285714, p: 0.057143 },
  ];
  it('finds the split R finds, with its statistic, and a permutation p-value within Monte Carlo error of the exact one', () => {
    for (const r of R_EXACT) {
      // alpha 1: every candidate is kept, so the first split's p-value can be read.
      const found = eDivisive(r.values, { ...E_DIVISIVE, alpha: 1, permutations: 9999 });
      const first = found.find((c) => c.index === r.t)!;
      expect(first, JSON.stringify(r.values)).toBeDefined();
      expect(first.q).toBeCloseTo(r.q, 5);
      // 9999 shuffles: the standard error at p = 0.06 is 0.0024; 0.01 is four of them.
      expect(Math.abs(first.p - r.p), `${first.p} vs exact ${r.p}`).toBeLessThan(0.01);
    }
  });
});

/** A standard normal value (Box–Muller) from the seeded generator. */
function normal(rng: ReturnType<typeof xoroshiro128plus>): number {
  const u = 1 - uniformFloat64(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniformFloat64(rng));
}

describe('on synthetic series with known steps and noise (seed 26)', () => {
  // 16 measurements: an archive of 8 cycles, each with a before and an after value.
  const N = 16;
  const SERIES = 200;
  it('measures the detection rate and the false alarms', () => {
    const rng = xoroshiro128plus(26);
    const rows: string[] = [];
    const rates: Record<string, { detected: number; falseAlarms: number }> = {};
    for (const step of [0, 2, 3]) {
      let detected = 0;
      let falseAlarms = 0;
      for (let s = 0; s < SERIES; s++) {
        const at = uniformInt(rng, 4, N - 4);
        const values = Array.from(
          { length: N },
          (_, i) => 100 + normal(rng) + (step > 0 && i >= at ? step : 0),
        );
        const found = eDivisive(values, { ...E_DIVISIVE, seed: s });
        const hit = step > 0 && found.some((c) => Math.abs(c.index - at) <= 1);
        if (hit) detected++;
        // A false alarm: a change point in a series without a step, or one far from the real step.
        if (found.some((c) => step === 0 || Math.abs(c.index - at) > 1)) falseAlarms++;
      }
      rates[step] = { detected: detected / SERIES, falseAlarms: falseAlarms / SERIES };
      rows.push(
        `step ${step} sigma: detected ${step === 0 ? '—' : `${((100 * detected) / SERIES).toFixed(1)} %`}, series with a false alarm ${((100 * falseAlarms) / SERIES).toFixed(1)} % (${SERIES} series of ${N})`,
      );
    }
    console.log(
      `E-Divisive, alpha ${E_DIVISIVE.alpha}, ${E_DIVISIVE.permutations} permutations:\n  ${rows.join('\n  ')}`,
    );
    // No step: false alarms at the significance level (binomial standard error 1.5 % for 200 series).
    expect(rates[0]!.falseAlarms).toBeLessThanOrEqual(0.09);
    expect(rates[3]!.detected).toBeGreaterThanOrEqual(0.9);
    expect(rates[2]!.detected).toBeGreaterThanOrEqual(0.5);
    expect(rates[3]!.falseAlarms).toBeLessThanOrEqual(0.15);
  });

  it('gives the same change points for the same series (fixed seed)', () => {
    const values = [620, 498, 506, 489, 492, 401, 405, 391, 398, 329, 334, 321, 328, 268];
    expect(eDivisive(values)).toEqual(eDivisive(values));
    expect(eDivisive(values).map((c) => c.index)).toEqual([5, 9]);
  });
});

describe('the demo archive', () => {
  it('marks the shifts of its story: checkout-api p95 from 2025-11, inventory-sync p95 fixed in 2026-05', async () => {
    const data = await readDemoHistory();
    const shifts = data.change_points!.series.flatMap((s) => s.shifts);
    const of = (service: string, kpi: string) =>
      shifts.filter((s) => s.service === service && s.kpi === kpi).map((s) => s.cycle_id);
    // The archive's story (the cycle in progress is not part of it): checkout-api's tail latency
    // stepped down with the peak-season work of 2025-11.
    expect(of('checkout-api', 'latency_p95_ms')).toContain('2025-11-peak-season-readiness');
    expect(of('inventory-sync', 'latency_p95_ms')).toContain('2026-05-inventory-sync-backpressure');
    const fix = shifts.find(
      (s) => s.service === 'inventory-sync' && s.cycle_id === '2026-05-inventory-sync-backpressure',
    )!;
    // Before the fix: 410, 405, 405, 402, 402, 409, 412, 445, 448 ms (mean 415.3); after: 352, 356, 358 (355.3).
    expect(fix.mean_before).toBeCloseTo(3738 / 9, 9);
    expect(fix.mean_after).toBeCloseTo(1066 / 3, 9);
    expect(fix.change! > 0).toBe(true);
    expect(shiftText(fix)).toMatch(
      /^inventory-sync latency_p95_ms shifted lower from 2026-05-inventory-sync-backpressure \(its result, 2026-05-29\): mean 415\.3 ms → 355\.3 ms, \+14\.4 % \(better\), p = 0\.0\d+$/,
    );
    const cycle = data.cycles.find((c) => c.cycle_id === '2026-05-inventory-sync-backpressure')!;
    expect(cycle.shifts_began!.map((s) => `${s.service} ${s.kpi}`)).toContain(
      'inventory-sync latency_p95_ms',
    );
  }, 60_000);
});
