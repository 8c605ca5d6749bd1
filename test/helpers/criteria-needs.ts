/**
 * The tests' oracle of what each criterion reads, observed rather than copied from the criteria's
 * own `needs:` lists (issue 12): each criterion's `measure` runs on the full base input through a
 * recording Proxy of its context, and once more for every artifact with that artifact removed. An
 * artifact counts as read when the criterion touched the part of the context built from it and its
 * result changes without it. Tests compare this with what each criterion declares.
 */
import { ARTIFACTS, type ArtifactName } from '../../src/core/artifacts.ts';
import { buildContext, type EvalContext } from '../../src/core/evaluate/context.ts';
import { CRITERIA } from '../../src/core/evaluate/registry.ts';
import type { CriterionModule } from '../../src/core/evaluate/criterion.ts';
import type { UnvalidatedInput } from '../../src/core/evaluate/types.ts';
import { base } from '../evaluate/base.ts';
import { validateEvaluationInput } from '../../src/core/validate/evaluation-input.ts';

/** Runs `measure` on a context whose every property read is recorded (path of the first two keys). */
function measured(m: CriterionModule, input: UnvalidatedInput, touched?: Set<string>): string {
  const ctx = buildContext(validateEvaluationInput(input));
  const record = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(t, key, receiver) {
        const value = Reflect.get(t, key, receiver) as unknown;
        if (typeof key === 'string') {
          touched?.add(`${prefix}${key}`);
          if (prefix === '' && value !== null && typeof value === 'object' && !(value instanceof Set))
            return record(value, `${key}.`);
        }
        return value;
      },
    });
  const proxied = record(ctx, '') as EvalContext;
  try {
    return JSON.stringify(m.measure(proxied, m.threshold(ctx.config) as number | boolean));
  } catch (e) {
    return `threw ${e instanceof Error ? e.message : String(e)}`;
  }
}

function without(name: ArtifactName): UnvalidatedInput {
  const input = base();
  delete (input.artifacts as Record<string, unknown>)[name];
  input.present = input.present.filter((n) => n !== name);
  input.clean = input.clean.filter((n) => n !== name);
  return input;
}

/** The artifacts a criterion's measurement depends on, observed. */
export function observedReads(m: CriterionModule): ArtifactName[] {
  const touched = new Set<string>();
  const full = base();
  if (m.id === 'significance') full.config.optimization.significance_alpha = 0.05;
  const reference = measured(m, full, touched);
  // A criterion that only looks at which files exist (documentation_completeness) reads no content.
  const readsContent = [...touched].some(
    (k) => k.startsWith('model.') || k === 'kpis' || k.startsWith('kpis.'),
  );
  if (!readsContent) return [];
  return ARTIFACTS.filter((a) => {
    const input = without(a.name);
    if (m.id === 'significance') input.config.optimization.significance_alpha = 0.05;
    return measured(m, input) !== reference;
  }).map((a) => a.name);
}

/** Observed reads of every criterion, by id. */
export const NEEDS: Record<string, ArtifactName[]> = Object.fromEntries(
  CRITERIA.map((m) => [m.id, observedReads(m)]),
);
