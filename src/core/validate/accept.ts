/**
 * The schema check of one artifact, shared by the file pipeline (`validateCycle`) and the in-memory
 * one (`validateEvaluationInput`): which errors block it, whether it is plain JSON data, and the
 * one place where data that passed becomes typed.
 */
import type { ErrorObject } from 'ajv';
import { ARTIFACTS, type ArtifactName } from '../artifacts.ts';
import { toleratedError } from '../contract/tolerated-error.ts';
import { validatorFor } from './schemas.ts';
import type { ArtifactData, ArtifactRecord, EvaluatedName, ValidArtifacts } from './validated.ts';

/**
 * The schema errors that keep an artifact out, or [] when it passes. A gate-3 waiver's enum error
 * does not: the waiver is kept so that the evaluation can show it refused ("Waiver: Not permitted").
 */
export function blockingErrors(name: ArtifactName, data: unknown): ErrorObject[] {
  const validate = validatorFor(name);
  if (validate(data)) return [];
  return (validate.errors ?? []).filter((e) => !toleratedError(name, data, e));
}

/** Whether `data` passes the schema of `name` (a gate-3 waiver tolerated), typed as its data if so. */
export function conforms<K extends ArtifactName>(name: K, data: unknown): data is ArtifactData[K] {
  return blockingErrors(name, data).length === 0;
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Plain JSON: no holes in arrays, no undefined, only finite numbers (what JSON.parse can produce). */
export function isJsonData(x: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) if (!(i in x) || !isJsonData(x[i], depth + 1)) return false;
    return true;
  }
  const proto: unknown = isRecord(x) ? Object.getPrototypeOf(x) : undefined;
  if (isRecord(x) && (proto === Object.prototype || proto === null))
    return Object.values(x).every((v) => isJsonData(v, depth + 1));
  return false;
}

/** The names the gates read, in contract order: every artifact but the instrumentation log. */
export const EVALUATED: readonly EvaluatedName[] = ARTIFACTS.map((a) => a.name).filter(
  (n): n is EvaluatedName => n !== 'instrumentation-update-log',
);

/**
 * The artifacts evaluation may read, of data whose schema already passed: only plain JSON data is
 * kept (what the loaders produce always is; a value built in memory may hold a hole, `undefined` or
 * a class instance that a schema does not see). The artifacts' brand is written here only.
 */
export function evaluationArtifacts(passed: ArtifactRecord): ValidArtifacts {
  const out: ArtifactRecord = {};
  for (const name of EVALUATED) keepJson(out, passed, name);
  return out as ValidArtifacts;
}

function keepJson<K extends EvaluatedName>(to: ArtifactRecord, from: ArtifactRecord, name: K): void {
  const data = from[name];
  if (data !== undefined && isJsonData(data)) to[name] = data;
}
