/**
 * Each criterion declares the artifacts it needs (absent -> not_evaluable) and reads (evidence);
 * the oracle in test/helpers/criteria-needs.ts observes what it really depends on. A criterion that
 * read an artifact it does not need could pass while that artifact is missing. The one exception is
 * declared as such: gate 3 reads the runs and the baseline to tie typed values to their evidence
 * (ARTIFACTS.md section 2), and without them a typed value is "typed, no evidence" and still counts;
 * so removing them may change how a value is described, never the decision.
 */
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/core/evaluate/context.ts';
import { CRITERIA } from '../../src/core/evaluate/registry.ts';
import type { UnvalidatedInput } from '../../src/core/evaluate/types.ts';
import { base } from './base.ts';
import { validateEvaluationInput } from '../../src/core/validate/evaluation-input.ts';
import { NEEDS } from '../helpers/criteria-needs.ts';

function decision(id: string, change: (i: UnvalidatedInput) => void) {
  const input = base();
  input.config.optimization.significance_alpha = 0.05;
  change(input);
  const m = CRITERIA.find((c) => c.id === id)!;
  const valid = validateEvaluationInput(input);
  const r = m.measure(buildContext(valid), m.threshold(valid.config) as number);
  return 'notEvaluable' in r ? { notEvaluable: r.notEvaluable } : { actual: r.actual, blocked: r.blocked };
}

describe('criteria read only what they declare', () => {
  for (const m of CRITERIA) {
    it(`${m.id}: observed reads are among its needs (or declared evidence reads), and its needs among its reads`, () => {
      const observed = NEEDS[m.id] ?? [];
      for (const a of observed)
        expect([...m.needs, ...(m.evidenceReads ?? [])], `${m.id} reads ${a}`).toContain(a);
      for (const a of [...m.needs, ...(m.evidenceReads ?? [])]) expect(m.reads).toContain(a);
      if (m.id !== 'documentation_completeness') expect(observed.length, m.id).toBeGreaterThan(0);
    });
  }

  for (const m of CRITERIA.filter((c) => (c.evidenceReads ?? []).length > 0)) {
    it(`${m.id}: an evidence read changes no decision when absent and nothing references it`, () => {
      const full = decision(m.id, () => {});
      for (const a of m.evidenceReads!)
        expect(
          decision(m.id, (i) => {
            delete (i.artifacts as Record<string, unknown>)[a];
          }),
          `${m.id} without ${a}`,
        ).toEqual(full);
    });
  }
});
