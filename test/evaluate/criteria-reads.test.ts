/**
 * Each criterion declares the artifacts it needs (absent -> not_evaluable) and reads (evidence);
 * the oracle in test/helpers/criteria-needs.ts observes what it really depends on. A criterion that
 * read an artifact it does not need could pass while that artifact is missing.
 */
import { describe, expect, it } from 'vitest';
import { CRITERIA } from '../../src/core/evaluate/registry.ts';
import { NEEDS } from '../helpers/criteria-needs.ts';

describe('criteria read only what they declare', () => {
  for (const m of CRITERIA) {
    it(`${m.id}: observed reads are among its needs, and its needs among its reads`, () => {
      const observed = NEEDS[m.id] ?? [];
      for (const a of observed) expect(m.needs, `${m.id} reads ${a}`).toContain(a);
      for (const a of m.needs) expect(m.reads).toContain(a);
      if (m.id !== 'documentation_completeness') expect(observed.length, m.id).toBeGreaterThan(0);
    });
  }
});
