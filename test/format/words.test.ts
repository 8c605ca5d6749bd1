import { describe, expect, it } from 'vitest';
import { decisionWords, tally } from '../../src/core/format/words.ts';

const st = (...s: string[]) => s.map((status) => ({ status }));
const missing = { severity: 'critical', code: 'prereq.missing-artifact' };

describe('the words of a decision', () => {
  it('counts passed apart from waived, then the others in one order', () => {
    expect(tally(st('pass', 'pass', 'pass', 'waived'), 'gate')).toBe('3 of 4 gates pass, 1 waived');
    expect(tally(st('pass', 'fail', 'pending', 'waived'), 'gate')).toBe(
      '1 of 4 gates pass, 1 waived, 1 failed, 1 pending',
    );
    expect(tally(st('fail'), 'criterion')).toBe('0 of 1 criterion passes, 1 failed');
    expect(tally(st('pass', 'not_evaluable', 'expired'), 'criterion')).toBe(
      '1 of 3 criteria pass, 1 not evaluable, 1 other',
    );
  });

  it('names an unreached phase "In progress", and other critical problems or errors for what they are', () => {
    const reached = st('pass', 'pass', 'pending', 'pending');
    expect(decisionWords(2, reached, [missing]).label).toBe('In progress');
    expect(decisionWords(2, reached, [missing, { severity: 'critical', code: 'config.invalid' }]).label).toBe(
      'Prerequisites missing',
    );
    expect(decisionWords(1, st('pass', 'fail'), [{ severity: 'error', code: 'schema' }]).label).toBe(
      'Validation failed',
    );
    expect(decisionWords(0, st('pass', 'waived'), [{ severity: 'warning', code: 'x' }]).label).toBe(
      'Passed with waivers',
    );
    expect(decisionWords(1, st('pass', 'fail'), []).label).toBe('A gate failed');
  });
});

describe('one display format for numbers', () => {
  it('groups thousands, keeps three decimals at most and the hyphen-minus of the contract', async () => {
    const { display, grouped } = await import('../../src/core/format/number.ts');
    const { formatImprovement } = await import('../../src/core/format/percent.ts');
    // Expected values as Intl (en-US, at most 3 decimals) writes them: an independent formatter.
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
    for (const x of [0, 7, 999, 1000, 34327.28, -1200, 0.3501, 1234567.891, -0.5])
      expect(display(x), String(x)).toBe(intl.format(x));
    expect(grouped('10593.9')).toBe('10,593.9');
    // Too small for three decimals: two significant digits, never "0" for a value that is not zero.
    expect(display(0.00042)).toBe('0.00042');
    expect(display(-0.000123)).toBe('-0.00012');
    expect(display(0.0005)).toBe('0.001');
    expect(formatImprovement(105.939)).toBe('+10,593.9 %');
    expect(formatImprovement(-0.08)).toBe('-8.0 %');
  });
});
