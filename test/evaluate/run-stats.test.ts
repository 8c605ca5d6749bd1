/**
 * Statistics on runs (ARTIFACTS.md section 3) against an independent implementation: R 4's
 * `t.test` (Welch by default) and `p.adjust`, run on this machine with the commands recorded beside
 * each case. The expected numbers below are R's output, copied, not perfgate's.
 */
import { describe, expect, it } from 'vitest';
import { holm } from '../../src/core/evaluate/evidence/holm.ts';
import { median, spreadOf } from '../../src/core/contract/kpi-evidence/replicates.ts';
import {
  improvementInterval,
  runStats,
  runsToDetect,
  type RunStats,
} from '../../src/core/evaluate/evidence/run-stats.ts';

const BEFORE = [61.2, 58.9, 63.4];
const AFTER = [47.8, 50.1, 46.3];

function stats(before: number[], after: number[], direction: 'lower' | 'higher' = 'lower'): RunStats {
  const s = runStats(before, after, direction);
  if ('reason' in s) throw new Error(s.reason);
  return s;
}

describe('run-level Welch on logarithms, checked against R', () => {
  /*
   * Rscript -e 'options(digits=15); b <- c(61.2, 58.9, 63.4); a <- c(47.8, 50.1, 46.3);
   *   r <- t.test(log(a), log(b)); print(r); print(1 - exp(rev(r$conf.int))); print(r$stderr);
   *   print(1 - exp(-(qt(0.975, r$parameter) + qt(0.8, r$parameter)) * r$stderr));
   *   print(1 - exp(rev(t.test(log(a), log(b), conf.level = 0.9)$conf.int)))'
   * R 4.x printed:
   *   t = -7.713966391986, df = 3.977846258763, p-value = 0.00155482773087
   *   95 percent confidence interval: -0.328052176868418 -0.154123511757303
   *   improvement interval: 0.142833855623705 0.279674565600641
   *   stderr 0.031253421659098; smallest detectable improvement 0.109873504300118
   *   90 % improvement interval: 0.160000161403501 0.264953935786564
   */
  it('gives R’s t, df, p and interval for three runs per side, as an improvement', () => {
    const s = stats(BEFORE, AFTER);
    expect(s.t).toBeCloseTo(-7.71396639198638, 9);
    expect(s.df).toBeCloseTo(3.97784625876339, 9);
    expect(s.p).toBeCloseTo(0.00155482773087088, 12);
    expect(s.log_diff).toBeCloseTo(3.87206286956014 - 4.113150713873, 9);
    expect(s.log_se).toBeCloseTo(0.031253421659098, 12);
    expect(s.ci95[0]).toBeCloseTo(0.142833855623705, 9);
    expect(s.ci95[1]).toBeCloseTo(0.279674565600641, 9);
    expect(s.mde).toBeCloseTo(0.109873504300118, 9);
    const ci90 = improvementInterval(s, 0.9, 'lower');
    expect(ci90[0]).toBeCloseTo(0.160000161403501, 9);
    expect(ci90[1]).toBeCloseTo(0.264953935786564, 9);
  });

  it('maps a higher-is-better KPI the other way: improvement = after / before - 1', () => {
    // Throughput from about 100 to about 120 req/s.
    // Rscript -e 'options(digits=15); b <- c(100, 102, 98); a <- c(120, 118, 123);
    //   r <- t.test(log(a), log(b)); print(r$p.value); print(1 - exp(rev(r$conf.int)))'
    //   -> 0.000379988238135954;  -0.26043987948092 -0.148786375008832
    // Read as higher-is-better the same interval of the logs is exp(ci) - 1 = 0.148786.. to 0.260439..:
    // 1 - exp(d) and exp(d) - 1 are exact negatives, so the ends swap and change sign.
    const up = stats([100, 102, 98], [120, 118, 123], 'higher');
    const down = stats([100, 102, 98], [120, 118, 123], 'lower');
    expect(down.ci95[0]).toBeCloseTo(-0.26043987948092, 9);
    expect(down.ci95[1]).toBeCloseTo(-0.148786375008832, 9);
    // 1 - exp(d) = x  <=>  exp(d) - 1 = -x: the two readings are exact negatives of each other.
    expect(up.ci95[0]).toBeCloseTo(-down.ci95[1], 12);
    expect(up.ci95[1]).toBeCloseTo(-down.ci95[0], 12);
    expect(up.p).toBeCloseTo(0.000379988238135954, 12);
  });

  it('has nothing to say with fewer than two runs a side, a value of 0, or no spread at all', () => {
    expect(runStats([61.2], AFTER, 'lower')).toEqual({
      reason: 'fewer than two runs per side (1 before, 3 after)',
    });
    expect('reason' in runStats([0, 1], [1, 2], 'lower')).toBe(true);
    expect(runStats([5, 5], [4, 4], 'lower')).toEqual({
      reason: 'no spread between the runs (every run gave the same value on each side)',
    });
  });

  it('counts the runs per side that would detect a change of the threshold’s size', () => {
    const s = stats(BEFORE, AFTER);
    // mde 10.99 % with 3 runs per side: 15 % is detectable with fewer (2 runs per side give
    // df ~1.99, a much larger t quantile: not enough), so 3 is the smallest; 5 % needs more.
    expect(runsToDetect(s, 0.15, 'lower')).toBe(3);
    const five = runsToDetect(s, 0.05, 'lower')!;
    expect(five).toBeGreaterThan(3);
    expect(runsToDetect(s, 0, 'lower')).toBeNull();
  });
});

describe('Holm across targets, checked against R', () => {
  it('matches p.adjust(p, "holm")', () => {
    // Rscript -e 'print(p.adjust(c(0.01, 0.04, 0.03), "holm"))'  ->  0.03 0.06 0.06
    expect(holm([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    // Rscript -e 'options(digits=15); print(p.adjust(c(0.0253123531084546, 0.0473783430804486), "holm"))'
    //   -> 0.0506247062169091 0.0506247062169091
    const [a, b] = holm([0.0253123531084546, 0.0473783430804486]);
    // perfgate keeps 12 significant digits (round12).
    expect(a).toBeCloseTo(0.0506247062169091, 12);
    expect(b).toBeCloseTo(0.0506247062169091, 12);
    expect(holm([0.9, 0.8])).toEqual([1, 1]);
  });
});

describe('replicates', () => {
  it('are their median with the spread between them', () => {
    expect(median([63.4, 58.9, 61.2])).toBe(61.2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // sd of 61.2, 58.9, 63.4: mean 61.1667; squares 0.00111 + 5.13778 + 4.98778 = 10.12667; / 2 =
    // 5.063333; sqrt = 2.250185 (R: sd(c(61.2, 58.9, 63.4)) = 2.25018517756502).
    expect(spreadOf(BEFORE)).toMatchObject({ n: 3, min: 58.9, max: 63.4 });
    expect(spreadOf(BEFORE)!.stdev).toBeCloseTo(2.25018517756502, 10);
    expect(spreadOf([61.2])).toBeNull();
  });
});
