/** Shared loading for every command that reads a cycle: load, validate, resolve the evaluation time. */
import { loadConfig, loadCycle, type LoadedConfig, type LoadedCycle } from '../core/load/cycle.ts';
import { validateCycle, type ValidationResult } from '../core/validate/index.ts';
import { UserError } from './exit.ts';
import { formatUtc, parseRfc3339 } from '../core/time.ts';

export const DEFAULT_ARTIFACTS = '.artifacts/protocol-18';
export const DEFAULT_CONFIG = 'config/protocol_gates/18.yaml';
export const DEFAULT_ARCHIVE = 'content/cycles';

export interface CycleOptions {
  artifacts?: string;
  config?: string;
  asOf?: string;
}

export interface CycleContext {
  artifactsDir: string;
  configFile: string;
  cycle: LoadedCycle;
  config: LoadedConfig;
  validation: ValidationResult;
}

export async function loadCycleContext(opts: CycleOptions, upstream = true): Promise<CycleContext> {
  const artifactsDir = opts.artifacts ?? DEFAULT_ARTIFACTS;
  const configFile = opts.config ?? DEFAULT_CONFIG;
  const cycle = await loadCycle(artifactsDir, { upstream });
  const config = await loadConfig(configFile);
  const validation = validateCycle(cycle, config);
  return { artifactsDir, configFile, cycle, config, validation };
}

/**
 * Evaluation time: `--as-of`, else SOURCE_DATE_EPOCH, else the clock (ARTIFACTS.md section 3).
 * Returned as an RFC 3339 UTC string that keeps its milliseconds (a waiver that expired at .500Z
 * no longer applies at .900Z); a time whose UTC year falls outside 0001-9999 is refused.
 */
export function resolveEvaluationTime(
  asOf: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  now: () => Date = () => new Date(),
): string {
  if (asOf !== undefined) {
    const t = parseRfc3339(asOf);
    if (t === undefined) {
      throw new UserError(
        `Unexpected --as-of ${JSON.stringify(asOf)}, expected an RFC 3339 date-time with an offset (or a date)`,
        'Write e.g. --as-of 2026-11-20T12:00:00Z, or --as-of 2026-11-20 for midnight UTC.',
      );
    }
    return inRange(t, `--as-of ${JSON.stringify(asOf)}`);
  }
  const sde = env.SOURCE_DATE_EPOCH;
  if (sde !== undefined && sde !== '') {
    if (!/^\d{1,12}$/.test(sde)) {
      throw new UserError(
        `Unexpected SOURCE_DATE_EPOCH ${JSON.stringify(sde)}, expected whole seconds since 1970-01-01 UTC`,
        'Set it to e.g. $(git log -1 --format=%ct), or unset it to use --as-of or the clock.',
      );
    }
    return inRange(Number(sde) * 1000, `SOURCE_DATE_EPOCH ${sde}`);
  }
  return inRange(now().getTime(), 'the clock');
}

/** The instant as RFC 3339 UTC, or a UserError (exit 2) for a year outside 0001-9999. */
function inRange(ms: number, what: string): string {
  const s = formatUtc(ms);
  if (s === undefined)
    throw new UserError(
      `Unexpected ${what}: in UTC it falls outside the years 0001-9999`,
      'Give an evaluation time between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.',
    );
  return s;
}
