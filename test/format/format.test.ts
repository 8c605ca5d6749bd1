import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criterionModule } from '../../src/core/evaluate/registry.ts';
import {
  formatAgainst,
  formatBytes,
  formatImprovement,
  formatMargin,
  formatP,
  formatThreshold,
  formatValue,
  regressionWords,
  signed,
  type Unit,
} from '../../src/core/format/index.ts';
import { pointsChange } from '../../src/core/import/profile/format.ts';
import { fcSeed } from '../helpers/seed.ts';

/** Fixed seed (printed by fast-check on failure); FC_SEED explores others. */
const seed = fcSeed(20261128);
const runs = { seed, numRuns: 2000 };

/** The number a reader sees in `14.96 %`, `6 h`, `3.10e-6`. */
const shown = (text: string) => {
  const m = /^([+-]?[0-9.]+(?:e[+-]?\d+)?)(?: %| h)?(?: worse.*)?$/.exec(text);
  if (!m) throw new Error(`not a number: ${text}`);
  return Number(m[1]);
};
/** The relation of two numbers as gates decide it: at 12 significant digits (ARTIFACTS.md section 3). */
const rel = (a: number, b: number) => Math.sign(Number(a.toPrecision(12)) - Number(b.toPrecision(12)));

describe('one formatter per unit, as the contract writes values', () => {
  it('shows a share (ratio) in percent with one decimal, thresholds as configured', () => {
    expect(formatValue('ratio', 0.9)).toBe('90.0 %');
    expect(formatValue('ratio', 1)).toBe('100.0 %');
    expect(formatThreshold('ratio', 0.95)).toBe('95 %');
    expect(formatThreshold('ratio', 0.15)).toBe('15 %');
    expect(formatValue('hours', 1.5)).toBe('1.5 h');
    expect(formatValue('pct', 2)).toBe('2 %');
    expect(formatValue('count', 3)).toBe('3');
    expect(formatValue('bool', true)).toBe('yes');
    expect(formatValue('ratio', null)).toBe('—');
  });

  it('declares diagnostic_coverage a share, so it reads 90.0 % everywhere', () => {
    expect(criterionModule('diagnostic_coverage')?.unit).toBe('ratio');
    expect(formatAgainst('ratio', 0.9, 0.9)).toBe('90.0 %');
  });

  it('signs improvements positive when better and regressions negative', () => {
    expect(formatImprovement(0.2917)).toBe('+29.2 %');
    expect(formatImprovement(-0.08)).toBe('-8.0 %');
    expect(formatImprovement(-0.0004)).toBe('0.0 %');
    expect(formatImprovement(0)).toBe('0.0 %');
    expect(regressionWords(-0.08, 5)).toBe('8.0 % worse, beyond the 5 % tolerance');
    expect(formatValue('improvement', -0.18)).toBe('-18.0 %');
    expect(formatValue('improvement', 0.2917)).toBe('+29.2 %');
  });

  it('signs a change in points: + above zero, - below, none when it rounds to zero', () => {
    expect(signed(19.507, 2)).toBe('+19.51');
    expect(signed(-4.2, 2)).toBe('-4.20');
    expect(signed(-0.004, 2)).toBe('0.00');
    expect(signed(0.004, 2)).toBe('0.00');
  });

  it('formats bytes in 1024-based units with their IEC names', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1024 * 1024)).toBe('1.0 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });

  it('keeps the magnitude of a tiny p-value', () => {
    expect(formatP(3.1e-6)).toBe('3.10e-6');
    expect(formatP(0.042)).toBe('0.042');
    expect(formatP(0)).toBe('0');
  });

  it('shows the digits that keep a value off its threshold (14.96 % < 15 %, not 15.0 % < 15 %)', () => {
    expect(formatAgainst('ratio', 0.1496, 0.15)).toBe('14.96 %');
    expect(formatAgainst('ratio', 0.15, 0.15)).toBe('15.0 %');
    expect(formatAgainst('ratio', 0.9499999, 0.95)).toBe('94.99999 %');
    expect(formatAgainst('hours', 6.0004, 6)).toBe('6.0004 h');
    expect(formatAgainst('p', 0.05001, 0.05)).toBe('0.05001');
    expect(formatMargin('ratio', 0.0004)).toBe('+0.04 %');
    expect(regressionWords(-0.0504, 5)).toBe('5.04 % worse, beyond the 5 % tolerance');
  });
});

const UNITS: Unit[] = ['ratio', 'pct', 'hours', 'count', 'p'];
const THRESHOLDS: Record<Unit, number[]> = {
  ratio: [0.15, 0.9, 0.95, 1, 0.333],
  pct: [2, 5, 0.5, 12.5],
  hours: [6, 24, 0.25],
  count: [0, 2, 3],
  p: [0.05, 0.01, 0.001, 0.0001],
  improvement: [],
  bool: [],
};

describe('a printed comparison is true of the printed numbers (property)', () => {
  const near = fc
    .tuple(
      fc.constantFrom(...UNITS),
      fc.nat({ max: 4 }),
      fc.oneof(
        fc.constant(0),
        fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
        fc.double({ min: -1e-9, max: 1e-9, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
      ),
    )
    .map(([unit, i, delta]) => {
      const list = THRESHOLDS[unit];
      const t = list[i % list.length]!;
      const scale = unit === 'p' ? t : Math.max(Math.abs(t), 1e-3);
      return { unit, t, v: Math.max(unit === 'p' || unit === 'ratio' ? 0 : -1e6, t + delta * scale) };
    });

  it('actual against threshold: same side, or equal only when equal', () => {
    fc.assert(
      fc.property(near, ({ unit, t, v }) => {
        const a = shown(formatAgainst(unit, v, t));
        const th = shown(formatThreshold(unit, t));
        expect(rel(a, th)).toBe(rel(v, t));
      }),
      runs,
    );
  });

  it('a regression reads beyond its tolerance, and its sign says worse', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(5, 10, 0.5, 2.5),
        fc.double({ min: 1e-9, max: 5, noNaN: true }),
        (tol, over) => {
          const improvement = -(tol * (1 + over)) / 100;
          const words = regressionWords(improvement, tol);
          expect(shown(words)).toBeGreaterThan(tol);
          expect(words.endsWith(`beyond the ${tol} % tolerance`)).toBe(true);
          expect(formatImprovement(improvement).startsWith('-')).toBe(true);
        },
      ),
      runs,
    );
  });
});

describe('a change of profile share in points, as every differential view prints it', () => {
  // Hand-worked: 100 × share change, two decimals, "+" only when the printed number is above zero.
  it.each([
    [20.144692757998606, '+20.14 points'],
    [-12.738853503184713, '-12.74 points'],
    [0.19267822736030828, '+0.19 points'],
    [-0.05890799307831087, '-0.06 points'],
    [0.001, '0.00 points'], // too small to show: no "+0.00"
    [-0.004, '0.00 points'], // nor "-0.00"
    [0, '0.00 points'],
  ])('%d points reads %s', (points, text) => {
    expect(pointsChange(points)).toBe(text);
  });
});
