import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArtifactName } from '../../src/core/artifacts.ts';
import { improvement } from '../../src/core/contract/direction.ts';
import { evaluateCycle } from '../../src/core/evaluate/index.ts';
import { criterionModule } from '../../src/core/evaluate/registry.ts';
import type { CycleEvaluation, UnvalidatedInput } from '../../src/core/evaluate/types.ts';
import { base } from './base.ts';
import { validateEvaluationInput } from '../../src/core/validate/evaluation-input.ts';
import { NEEDS } from '../helpers/criteria-needs.ts';
import { fcParams } from '../helpers/seed.ts';

type Path = (string | number)[];

/** Every path into the base input (the root included). */
function paths(x: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(x)) x.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (x !== null && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) paths(v, [...prefix, k], out);
  return out;
}

/** Replaces the value at `path` when its parent still exists (never re-creates a dropped artifact). */
function setAt(root: { value: unknown }, path: Path, value: unknown): void {
  if (path.length === 0) return void (root.value = value);
  let cur: unknown = root.value;
  for (const k of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  if (cur !== null && typeof cur === 'object')
    (cur as Record<string | number, unknown>)[path[path.length - 1]!] = value;
}

const PATHS = paths(base());
const odd = fc.oneof(
  fc.anything(),
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, -1, 1e308, '', null, undefined, [], {}),
);
const mutations = fc.array(fc.tuple(fc.constantFrom(...PATHS), odd), { minLength: 1, maxLength: 4 });

function mutated(muts: [Path, unknown][], dropped: ArtifactName[] = []): UnvalidatedInput {
  const root = { value: base() as unknown };
  const input = root.value as UnvalidatedInput;
  for (const name of dropped) {
    delete (input.artifacts as Record<string, unknown>)[name];
    input.present = input.present.filter((n) => n !== name);
  }
  // Cloned: generated values (and the constants above) are shared between runs and must stay intact.
  for (const [p, v] of muts) setAt(root, p, structuredClone(v));
  return root.value as UnvalidatedInput;
}

function criteria(ev: CycleEvaluation) {
  return ev.gates.flatMap((g) => g.criteria);
}

const NAMES = [...new Set(Object.values(NEEDS).flat())];

const isPlain = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);

describe('parse, do not defend (issue 10)', () => {
  it('a distribution log whose deliveries lack their fields is invalid: not evaluable, no crash', () => {
    // The shrunk counterexample of seed -1702470648: deliveries = [<hole>, <hole>, []].
    const input = base();
    const deliveries: unknown[] = [];
    deliveries[2] = [];
    (input.artifacts['distribution-log'] as { deliveries: unknown[] }).deliveries = deliveries;
    const c = criteria(evaluateCycle(validateEvaluationInput(input))).find(
      (x) => x.id === 'distribution_groups',
    )!;
    expect(c.status).toBe('not_evaluable');
    expect(c.summary).toBe('Not evaluable: governance/distribution-log.json failed validation.');
  });
});

describe('properties', () => {
  it('improvement is direction-consistent', () => {
    const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        value.filter((b) => Math.abs(b) >= 1e-3),
        value,
        (before, after) => {
          const lower = improvement(before, after, 'lower');
          const higher = improvement(before, after, 'higher');
          expect(lower !== null && lower > 0).toBe(after < before);
          expect(higher !== null && higher > 0).toBe(after > before);
        },
      ),
      fcParams(20261128, { numRuns: 500 }),
    );
  });

  it('a lower-is-better target improves exactly when after < before, end to end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100000 }),
        fc.integer({ min: 0, max: 100000 }),
        (before, after) => {
          const input = base();
          Object.assign(input.artifacts['optimization-validation-report']!.targets![0]!, { before, after });
          const d = evaluateCycle(validateEvaluationInput(input)).deltas.kpis[0]!;
          expect(d.improvement! > 0).toBe(after < before);
        },
      ),
      fcParams(20261129, { numRuns: 200 }),
    );
  });

  it('evaluateCycle never throws and returns well-formed results on arbitrarily mutated input', () => {
    fc.assert(
      fc.property(mutations, (muts) => {
        const ev = evaluateCycle(validateEvaluationInput(mutated(muts)));
        JSON.stringify(ev);
        for (const c of criteria(ev)) {
          expect(['pass', 'fail', 'waived', 'not_evaluable']).toContain(c.status);
          if (c.status === 'pass') expect(c.actual).not.toBeNull();
          if (typeof c.actual === 'number') expect(Number.isFinite(c.actual)).toBe(true);
          if (c.margin !== null) expect(Number.isFinite(c.margin)).toBe(true);
          // The readers are defensive on their own: the fault net of defineCriterion is never needed.
          expect(c.summary).not.toContain('failed on unexpected data');
        }
      }),
      // The seed that found the crash on a distribution-log delivery without fields (issue 10).
      fcParams(-1702470648, { numRuns: 1000 }),
    );
  });

  it('never passes a criterion whose input artifact is absent', () => {
    fc.assert(
      fc.property(
        fc.subarray(NAMES, { minLength: 1 }),
        fc.array(fc.tuple(fc.constantFrom(...PATHS), odd), { maxLength: 3 }),
        fc.boolean(),
        (dropped, muts, alpha) => {
          const input = mutated(muts, dropped);
          if (alpha && isPlain(input) && isPlain(input.config) && isPlain(input.config.optimization))
            input.config.optimization.significance_alpha = 0.05;
          const ev = evaluateCycle(validateEvaluationInput(input));
          const artifacts =
            isPlain(input) && isPlain(input.artifacts) ? (input.artifacts as Record<string, unknown>) : {};
          for (const c of criteria(ev)) {
            // Evidence reads (gate 3's runs and baseline) are optional: typed values then count as
            // "typed, no evidence" (criteria-reads.test.ts shows they change no decision).
            const optional = criterionModule(c.id)?.evidenceReads ?? [];
            const absent = (NEEDS[c.id] ?? []).filter((n) => !optional.includes(n) && !isPlain(artifacts[n]));
            if (absent.length > 0) expect(c.status, `${c.id} without ${absent.join(', ')}`).not.toBe('pass');
          }
        },
      ),
      fcParams(20261130, { numRuns: 500 }),
    );
  });
});
