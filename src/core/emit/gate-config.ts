/**
 * gate-config.json: the effective gate config a cycle was decided with (defaults, the config file
 * and the command-line threshold flags resolved), frozen with the outputs (ARTIFACTS.md section 4,
 * "Re-deciding"). It is itself a valid gate config (JSON is YAML), so `--config gate-config.json`
 * decides with exactly these values.
 */
import { cmp } from '../diagnostics.ts';
import type { ResolvedGatesConfig } from '../types/artifacts.generated.ts';
import { schemaIdOf } from '../artifacts.ts';
import { rawSchema } from '../validate/schemas.ts';
import { sha256Hex } from '../evidence/hash.ts';
import { jsonBytes } from './json.ts';

export const GATE_CONFIG = 'gate-config.json' as const;

type Schema = { properties?: Record<string, Schema> };

/**
 * Keys in the schema's order (the order the docs present them), keys the schema does not name
 * (KPI names under `kpis`) by code unit: the bytes depend on the values only, never on the order
 * of the keys in the config file the values came from.
 */
function canonical(value: unknown, schema: Schema | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, undefined));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const known = Object.keys(schema?.properties ?? {}).filter((k) => k in record);
  const rest = Object.keys(record)
    .filter((k) => !known.includes(k))
    .sort(cmp);
  return Object.fromEntries(
    [...known, ...rest].map((k) => [k, canonical(record[k], schema?.properties?.[k])]),
  );
}

/**
 * The bytes of gate-config.json: `$schema` (the gates-config schema's id, for editors) and then
 * the resolved config in canonical key order; the `$schema` a config file named is not kept.
 */
export function gateConfigBytes(config: ResolvedGatesConfig): Buffer {
  const { $schema: _named, ...values } = config;
  const ordered = canonical(values, rawSchema('gates-config') as Schema) as Record<string, unknown>;
  return jsonBytes({ $schema: schemaIdOf('gates-config'), ...ordered });
}

/** Whether a file's first bytes are those of a gate-config.json perfgate wrote (its `$schema` line). */
export function isGeneratedGateConfig(head: Buffer): boolean {
  return head.toString('utf8').startsWith(`{\n  "$schema": ${JSON.stringify(schemaIdOf('gates-config'))},`);
}

/** SHA-256 of gate-config.json's bytes for this config (recorded in validation-report.json). */
export function gateConfigSha256(config: ResolvedGatesConfig): string {
  return sha256Hex(gateConfigBytes(config));
}
