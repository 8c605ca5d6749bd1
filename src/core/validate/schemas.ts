/** Compiled JSON Schemas (ajv, draft 2020-12) for every artifact and the config. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ArtifactName } from '../artifacts.ts';
import { parseRfc3339 } from '../time.ts';

/** The `schemas/` folder of the perfgate package. */
export const SCHEMAS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schemas');

export type SchemaName = ArtifactName | 'gates-config' | 'openslo-slo';

// ajv-formats is CommonJS; its default export differs between loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

let cache: { artifacts: Ajv2020; config: Ajv2020; raw: Map<string, Record<string, unknown>> } | undefined;

/**
 * `date-time` as the gates read it: ajv-formats accepts a leap second (23:59:60) that no clock
 * arithmetic can place, so a file it calls valid would become "unreadable" in a criterion. One
 * definition for both: a time and an offset are required, and the value must parse.
 */
const dateTime = {
  type: 'string' as const,
  validate: (s: string) => /T/i.test(s) && parseRfc3339(s) !== undefined,
};

function instances() {
  if (cache) return cache;
  const artifacts = addFormats(new Ajv2020({ strict: true, allErrors: true, verbose: true }));
  const config = addFormats(new Ajv2020({ strict: true, allErrors: true, verbose: true, useDefaults: true }));
  artifacts.addFormat('date-time', dateTime);
  config.addFormat('date-time', dateTime);
  const raw = new Map<string, Record<string, unknown>>();
  for (const f of readdirSync(SCHEMAS_DIR)
    .filter((n) => n.endsWith('.schema.json'))
    .sort()) {
    const schema = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, f), 'utf8')) as Record<string, unknown>;
    const name = f.replace(/\.schema\.json$/, '');
    raw.set(name, schema);
    (name === 'gates-config' ? config : artifacts).addSchema(schema, name);
  }
  cache = { artifacts, config, raw };
  return cache;
}

/** The compiled validator of one schema. */
export function validatorFor(name: SchemaName): ValidateFunction {
  const inst = instances();
  const v = (name === 'gates-config' ? inst.config : inst.artifacts).getSchema(name);
  if (!v) throw new Error(`schema not found: ${name} in ${SCHEMAS_DIR}`);
  return v;
}

/** The raw schema document (the commented config that `perfgate init` writes is generated from it). */
export function rawSchema(name: SchemaName): Record<string, unknown> | undefined {
  return instances().raw.get(name);
}
