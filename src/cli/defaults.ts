/**
 * The commands' defaults: where the artifacts, the gate config and the archive are, and the
 * evaluation time. Kept apart from the loading code (context.ts) so that a command that does not
 * read a cycle itself (build) does not load the validators.
 */
import { PerfgateError } from '../core/errors.ts';
import { formatUtc, parseRfc3339 } from '../core/time.ts';

export const DEFAULT_ARTIFACTS = '.artifacts/protocol-18';
/** The config path used when --config is not given; only this one may be absent (then: the defaults). */
export const DEFAULT_CONFIG = 'config/protocol_gates/18.yaml';
export const DEFAULT_ARCHIVE = 'content/cycles';

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
      throw new PerfgateError(
        `Unexpected --as-of ${JSON.stringify(asOf)}, expected an RFC 3339 date-time with an offset (or a date)`,
        'Write e.g. --as-of 2026-11-20T12:00:00Z, or --as-of 2026-11-20 for midnight UTC.',
      );
    }
    return inRange(t, `--as-of ${JSON.stringify(asOf)}`);
  }
  const sde = env.SOURCE_DATE_EPOCH;
  if (sde !== undefined && sde !== '') {
    if (!/^\d{1,12}$/.test(sde)) {
      throw new PerfgateError(
        `Unexpected SOURCE_DATE_EPOCH ${JSON.stringify(sde)}, expected whole seconds since 1970-01-01 UTC`,
        'Set it to e.g. $(git log -1 --format=%ct), or unset it to use --as-of or the clock.',
      );
    }
    return inRange(Number(sde) * 1000, `SOURCE_DATE_EPOCH ${sde}`);
  }
  return inRange(now().getTime(), 'the clock');
}

/** The instant as RFC 3339 UTC, or a PerfgateError (exit 2) for a year outside 0001-9999. */
function inRange(ms: number, what: string): string {
  const s = formatUtc(ms);
  if (s === undefined)
    throw new PerfgateError(
      `Unexpected ${what}: in UTC it falls outside the years 0001-9999`,
      'Give an evaluation time between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.',
    );
  return s;
}
