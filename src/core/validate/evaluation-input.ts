/**
 * The validation step for an evaluation input held in memory (a test, a caller that builds one by
 * hand): the same schema check as `validateCycle`, so that anything at all reaches evaluation
 * only through validation. An artifact that fails its schema, or is not plain JSON data, is absent
 * (its criteria are not_evaluable); the config goes through `resolveConfig` (an invalid one is
 * reported and the defaults are used, as for a file); every other field is kept when it has its
 * type. Problems go to `diagnostics`; nothing throws.
 */
import { ARTIFACTS, type ArtifactName } from '../artifacts.ts';
import { diag, type Diagnostic } from '../diagnostics.ts';
import type { EvaluationInput } from './validated.ts';
import { blockingErrors, EVALUATED, evaluationArtifacts, isJsonData } from './accept.ts';
import { humanizeAjvErrors } from './humanize.ts';
import { defaultConfig, resolveConfig } from './index.ts';
import type { ArtifactRecord, GatesConfig } from './validated.ts';

/** How the diagnostics of an in-memory config name it. */
const CONFIG = 'config';

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** An own property of a plain object (never the prototype's). */
const own = (x: unknown, key: string): unknown => (isRecord(x) && Object.hasOwn(x, key) ? x[key] : undefined);

const strings = (x: unknown): string[] =>
  Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];

const NAMES: ReadonlySet<string> = new Set(ARTIFACTS.map((a) => a.name));
const names = (x: unknown): ArtifactName[] => strings(x).filter((s): s is ArtifactName => NAMES.has(s));

/** Validates whatever is handed in as an evaluation input; the result is what `evaluateCycle` takes. */
export function validateEvaluationInput(raw: unknown, diagnostics: Diagnostic[] = []): EvaluationInput {
  const cycleId = own(raw, 'cycleId');
  const evaluatedAt = own(raw, 'evaluatedAt');
  const configSource = own(raw, 'configSource');
  const flameGraphs = own(raw, 'flameGraphs');
  const upstream = own(raw, 'upstream');
  const generated = own(raw, 'generated');
  return {
    cycleId: typeof cycleId === 'string' ? cycleId : null,
    evaluatedAt: typeof evaluatedAt === 'string' ? evaluatedAt : '',
    config: configOf(own(raw, 'config'), diagnostics),
    ...(typeof configSource === 'string' ? { configSource } : {}),
    artifacts: artifactsOf(own(raw, 'artifacts'), diagnostics),
    present: names(own(raw, 'present')),
    clean: names(own(raw, 'clean')),
    flameGraphs: Array.isArray(flameGraphs) ? flameGraphs.map(strings) : [],
    ...(Array.isArray(upstream) ? { upstream: strings(upstream) } : {}),
    ...(Array.isArray(generated) ? { generated: strings(generated) } : {}),
  };
}

/** The schema-valid artifacts: the same check as `validateCycle`, a gate-3 waiver tolerated. */
function artifactsOf(raw: unknown, diagnostics: Diagnostic[]) {
  const passed: Record<string, unknown> = {};
  for (const name of EVALUATED) {
    if (!isRecord(raw) || !Object.hasOwn(raw, name)) continue;
    const data = raw[name];
    const file = ARTIFACTS.find((a) => a.name === name)?.path ?? name;
    // The schemas describe plain JSON data: anything else (a function, a sparse array) is not it.
    if (!isRecord(data) || !isJsonData(data)) {
      diagnostics.push(notJson(file, 'schema.not-json'));
      continue;
    }
    const errors = blockingErrors(name, data);
    if (errors.length === 0) passed[name] = data;
    else diagnostics.push(...humanizeAjvErrors(errors, { file, data, lines: new Map(), code: 'schema' }));
  }
  // Every value kept passed its schema just now: `evaluationArtifacts` brands them.
  return evaluationArtifacts(passed as ArtifactRecord);
}

/** The config as `resolveConfig` makes it from a file's data. */
function configOf(raw: unknown, diagnostics: Diagnostic[]): GatesConfig {
  if (raw !== undefined && !isJsonData(raw)) {
    diagnostics.push(notJson(CONFIG, 'config.not-json'));
    return defaultConfig();
  }
  return resolveConfig(
    { file: CONFIG, found: true, data: raw, lines: new Map(), diagnostics: [] },
    diagnostics,
  );
}

function notJson(file: string, code: 'schema.not-json' | 'config.not-json'): Diagnostic {
  return diag(
    code,
    'error',
    file,
    'Unexpected value: not plain JSON data (a hole in an array, undefined, a non-finite number, a function or a class instance)',
    'Hand in what JSON.parse could produce: plain objects, arrays, strings, finite numbers, booleans and null.',
  );
}
