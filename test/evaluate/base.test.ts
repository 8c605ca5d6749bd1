import { describe, expect, it } from 'vitest';
import { evaluate } from './base.ts';

describe('the base input', () => {
  it('passes every gate with no criterion at risk', () => {
    const ev = evaluate();
    expect(ev.gates.map((g) => g.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    const flagged = ev.gates.flatMap((g) => g.criteria).filter((c) => c.status !== 'pass' || c.at_risk);
    expect(flagged.map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
  });
});
