/**
 * The config a frozen cycle is re-decided with: its gate-config.json, checked against the
 * `config_sha256` its validation-report.json records; for a cycle frozen before gate-config.json
 * existed, the `config` its validation-report.json records. A config this perfgate cannot use is
 * never replaced by the defaults: the cycle then cannot be re-decided, and the reason says why.
 */
import type { Diagnostic } from '../../diagnostics.ts';
import { sha256Hex } from '../../evidence/hash.ts';
import { GATE_CONFIG, gateConfigSha256 } from '../../emit/gate-config.ts';
import { VALIDATION_REPORT } from '../../emit/validation-report.ts';
import type { LoadedConfig } from '../../load/config.ts';
import type { ResolvedGatesConfig } from '../../types/artifacts.generated.ts';
import { resolveConfig } from '../../validate/index.ts';
import { strictJson, type FrozenDecision } from './frozen.ts';
import type { Difference, FrozenFiles, RecomputeConfig } from './types.ts';

export const RECORDED_CONFIG = `${VALIDATION_REPORT}#/config`;

export type ChosenConfig =
  | { ok: true; loaded: LoadedConfig; info: RecomputeConfig; differences: Difference[] }
  | { ok: false; reason: string };

const cycleField = (field: string, frozen: unknown, recomputed: unknown): Difference => ({
  gate: null,
  criterion: null,
  field,
  frozen,
  recomputed,
});

/** The config as the validator would resolve it, or the first reason it cannot be used. */
function usable(file: string, data: unknown, lines: Map<string, number>): LoadedConfig | string {
  const loaded: LoadedConfig = { file, found: true, data, lines, diagnostics: [] };
  const problems: Diagnostic[] = [];
  resolveConfig(loaded, problems);
  const first = problems[0];
  if (!first) return loaded;
  const where = first.pointer ? ` at ${first.pointer}` : first.line ? ` (line ${first.line})` : '';
  return `${file} is not a gate config this perfgate can use${where}: ${first.message}`;
}

/** The recorded config of a cycle frozen before gate-config.json, or why there is none to use. */
function recorded(frozen: FrozenDecision, note: string): ChosenConfig {
  if (frozen.config === undefined)
    return {
      ok: false,
      reason: `no ${GATE_CONFIG}, and ${VALIDATION_REPORT} records no \`config\`: nothing to re-decide with (expected one of the two)`,
    };
  const loaded = usable(RECORDED_CONFIG, frozen.config, new Map());
  if (typeof loaded === 'string') return { ok: false, reason: `no ${GATE_CONFIG}, and ${loaded}` };
  return {
    ok: true,
    loaded,
    info: {
      source: RECORDED_CONFIG,
      sha256: gateConfigSha256(frozen.config as ResolvedGatesConfig),
      note,
    },
    differences: [],
  };
}

/** Chooses, checks and loads the frozen config of a cycle. */
export function frozenConfig(frozen: FrozenDecision, files: FrozenFiles): ChosenConfig {
  const bytes = files.get(GATE_CONFIG);
  if (frozen.configSha256 === undefined)
    return recorded(
      frozen,
      bytes
        ? `${VALIDATION_REPORT} records no config_sha256 (frozen before perfgate wrote ${GATE_CONFIG}), so the ${GATE_CONFIG} beside it is not taken as the frozen config; re-decided with the config ${VALIDATION_REPORT} records`
        : `no ${GATE_CONFIG} (frozen before perfgate wrote one): re-decided with the config its ${VALIDATION_REPORT} records`,
    );
  if (!bytes) {
    const fallback = recorded(
      frozen,
      `${GATE_CONFIG} is missing although ${VALIDATION_REPORT} records its config_sha256: re-decided with the config ${VALIDATION_REPORT} records`,
    );
    if (fallback.ok)
      fallback.differences.push(cycleField(`${GATE_CONFIG} sha256`, frozen.configSha256, undefined));
    return fallback;
  }
  const sha256 = sha256Hex(bytes);
  const parsed = strictJson(bytes, GATE_CONFIG);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const loaded = usable(GATE_CONFIG, parsed.value, parsed.lines);
  if (typeof loaded === 'string') return { ok: false, reason: loaded };
  const differences: Difference[] = [];
  // The digest recorded in the decision must name these bytes...
  if (sha256 !== frozen.configSha256)
    differences.push(cycleField(`${GATE_CONFIG} sha256`, frozen.configSha256, sha256));
  // ...and the config the decision shows must be the same config.
  if (frozen.config !== undefined && gateConfigSha256(frozen.config as ResolvedGatesConfig) !== sha256)
    differences.push(
      cycleField(
        `${RECORDED_CONFIG} (as ${GATE_CONFIG} sha256)`,
        gateConfigSha256(frozen.config as ResolvedGatesConfig),
        sha256,
      ),
    );
  return { ok: true, loaded, info: { source: GATE_CONFIG, sha256 }, differences };
}
