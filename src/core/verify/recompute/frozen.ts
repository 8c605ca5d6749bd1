/**
 * The frozen decision of a cycle: its validation-report.json, read strictly and checked against
 * schemas/outputs/validation-report.schema.json, kept as written (values are compared raw, never
 * normalised, so that an edited value is seen as it was edited).
 */
import { VALIDATION_REPORT } from '../../emit/validation-report.ts';
import { EVIDENCE_MANIFEST } from '../../evidence/manifest.ts';
import { versionOfTool } from '../../evidence/tool.ts';
import { frozenReportProblem } from '../../history/frozen-schema.ts';
import { parseStrictJson } from '../../load/json.ts';
import { decodeUtf8 } from '../../load/text.ts';
import { parseRfc3339 } from '../../time.ts';
import type { CycleRecompute, FrozenFiles } from './types.ts';

/** A criterion or gate as written: the schema fixes the types of the fields it has. */
export type Frozen = Record<string, unknown>;

export interface FrozenDecision {
  cycleId: string;
  evaluatedAt: string;
  exitCode: number | undefined;
  gates: Frozen[];
  diagnostics: Frozen[];
  /** The recorded `config` (the only config of a cycle frozen before gate-config.json). */
  config: unknown;
  configSha256: string | undefined;
  version: string | undefined;
}

const isRecord = (x: unknown): x is Frozen => typeof x === 'object' && x !== null && !Array.isArray(x);

export type StrictJson =
  { ok: true; value: unknown; lines: Map<string, number> } | { ok: false; reason: string };

/** Parses a strict JSON file of the cycle, or says why it cannot be read. */
export function strictJson(bytes: Buffer, file: string): StrictJson {
  const text = decodeUtf8(bytes);
  if (!text.ok) return { ok: false, reason: `${file} is not valid UTF-8 (line ${text.line})` };
  const parsed = parseStrictJson(text.text, file);
  const first = parsed.diagnostics[0];
  if (first) return { ok: false, reason: `${file} is not valid JSON: ${first.message}` };
  return { ok: true, value: parsed.data, lines: parsed.lines };
}

/** The frozen decision, or why there is none to compare with (the file and what was expected). */
export function readFrozenDecision(files: FrozenFiles): FrozenDecision | string {
  const bytes = files.get(VALIDATION_REPORT);
  if (!bytes) return `no ${VALIDATION_REPORT}: there is no frozen decision to compare with`;
  const parsed = strictJson(bytes, VALIDATION_REPORT);
  if (!parsed.ok) return parsed.reason;
  const data = parsed.value;
  const problem = frozenReportProblem(data);
  if (problem || !isRecord(data)) return `${VALIDATION_REPORT}: ${problem?.message ?? 'not an object'}`;
  const at = data.evaluated_at as string;
  if (parseRfc3339(at) === undefined)
    return `${VALIDATION_REPORT}: \`evaluated_at\` ${JSON.stringify(at)} is not an RFC 3339 time with an offset`;
  return {
    cycleId: data.cycle_id as string,
    evaluatedAt: at,
    exitCode: typeof data.exit_code === 'number' ? data.exit_code : undefined,
    gates: (data.gates as unknown[]).filter(isRecord),
    diagnostics: Array.isArray(data.diagnostics) ? data.diagnostics.filter(isRecord) : [],
    config: data.config,
    configSha256: typeof data.config_sha256 === 'string' ? data.config_sha256 : undefined,
    version: typeof data.perfgate_version === 'string' ? data.perfgate_version : undefined,
  };
}

/**
 * The version that decided: validation-report.json's `perfgate_version`, else (cycles frozen
 * before it was recorded) the `tool` of evidence-manifest.json, `perfgate <version>`.
 */
export function frozenVersion(
  frozen: FrozenDecision | undefined,
  files: FrozenFiles,
): Pick<CycleRecompute, 'frozen_version' | 'frozen_version_from'> {
  if (frozen?.version !== undefined)
    return { frozen_version: frozen.version, frozen_version_from: VALIDATION_REPORT };
  const bytes = files.get(EVIDENCE_MANIFEST);
  const parsed = bytes ? strictJson(bytes, EVIDENCE_MANIFEST) : undefined;
  const tool = parsed?.ok && isRecord(parsed.value) ? parsed.value.tool : undefined;
  const version = versionOfTool(tool);
  return version !== null
    ? { frozen_version: version, frozen_version_from: EVIDENCE_MANIFEST }
    : { frozen_version: null, frozen_version_from: null };
}
