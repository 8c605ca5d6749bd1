/**
 * The evaluation's one parse step: every artifact handed in is checked against its JSON Schema
 * before any criterion reads it. An artifact that does not pass is treated as absent (its criteria
 * are not_evaluable), so a value validation did not accept never reaches a criterion.
 */
import { ARTIFACTS, type ArtifactName } from '../artifacts.ts';
import { toleratedError } from '../contract/tolerated-error.ts';
import { validatorFor } from '../validate/schemas.ts';
import { isRec } from './safe.ts';
import type { EvaluationInput } from './types.ts';

export type Artifacts = EvaluationInput['artifacts'];

/** The schema-valid artifacts of an input; anything else (a hole, a wrong type, a missing field) is left out. */
export function parseArtifacts(input: unknown): Artifacts {
  const raw = isRec(input) && isRec(input.artifacts) ? input.artifacts : {};
  const out: Record<string, unknown> = {};
  for (const spec of ARTIFACTS) {
    const name: ArtifactName = spec.name;
    if (!Object.prototype.hasOwnProperty.call(raw, name)) continue;
    const value = raw[name];
    // The schemas describe plain JSON data: anything else (a function, a sparse array) is not it.
    if (isRec(value) && isJsonData(value) && schemaValid(name, value)) out[name] = value;
  }
  return out as Artifacts;
}

function schemaValid(name: ArtifactName, value: unknown): boolean {
  const validate = validatorFor(name);
  if (validate(value)) return true;
  return (validate.errors ?? []).every((e) => toleratedError(name, value, e));
}

/** Plain JSON: no holes in arrays, no undefined, only finite numbers (what JSON.parse can produce). */
function isJsonData(x: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) if (!(i in x) || !isJsonData(x[i], depth + 1)) return false;
    return true;
  }
  const proto: unknown = isRec(x) ? Object.getPrototypeOf(x) : undefined;
  if (isRec(x) && (proto === Object.prototype || proto === null))
    return Object.values(x).every((v) => isJsonData(v, depth + 1));
  return false;
}
