/**
 * A typed number must agree with the evidence of its service, endpoint, phase and KPI where such
 * evidence exists (ARTIFACTS.md section 2): it agrees when some run (or, for a before, the baseline
 * row) reports it within the rounding of the typed number, and disagrees when every one reports
 * another value. Load-test runs measured in another environment than the one the validation report
 * names (a test environment, for numbers validated in production) are not evidence of those numbers:
 * they neither confirm nor contradict them. The baseline row is the service's reference "before"
 * wherever it was collected, and always counts.
 */
import type { BaselineRow, LoadTestRun } from '../../types/artifacts.generated.ts';
import { runFigure } from './run-figure.ts';
import type { EvidenceValue, Side, TypedCheck } from './types.ts';

/** What a typed number is of: its service, KPI and (monitored KPIs) endpoint. */
export interface KpiKey {
  service: string;
  kpi: string;
  endpoint?: string | undefined;
}

/** The evidence of a cycle, undefined where the artifact is missing or invalid. */
export interface Evidence {
  runs?: readonly LoadTestRun[] | undefined;
  baseline?: readonly BaselineRow[] | undefined;
  /** The environment the validation report names (its numbers were measured there). */
  environment?: string | undefined;
  /** The environment load-test-results.json names (all its runs were measured there). */
  runsEnvironment?: string | undefined;
}

/** Two environment names are the same one: compared trimmed, ignoring case; an unnamed one is any. */
export function sameEnvironment(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a.trim() === '' || b.trim() === '') return true;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Half a unit of the last decimal the typed number shows: 59 covers 58.5..59.5, 0.27 0.265..0.275. */
export function roundingOf(typed: number): number {
  const m = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(typed));
  const decimals = m ? (m[1]?.length ?? 0) - Number(m[2] ?? 0) : 0;
  return 0.5 * 10 ** -decimals;
}

/** Whether evidence value `e` is the typed number `typed`, up to the typed number's rounding. */
export function agreesWith(typed: number, e: number): boolean {
  const tol = roundingOf(typed);
  return Math.abs(e - typed) <= tol * (1 + 1e-9) + Number.EPSILON * Math.abs(typed);
}

const sameEndpoint = (want: string | undefined, have: string | undefined) =>
  want === undefined || have === want;

/** The runs and rows a typed number of `key` on `side` must agree with, in file order. */
export function evidenceFor(key: KpiKey, side: Side, ev: Evidence): EvidenceValue[] {
  const phase = side === 'before' ? 'baseline' : 'after';
  const out: EvidenceValue[] = [];
  const runs = sameEnvironment(ev.environment, ev.runsEnvironment) ? (ev.runs ?? []) : [];
  for (const run of runs) {
    if (run.service !== key.service || run.phase !== phase || !sameEndpoint(key.endpoint, run.endpoint))
      continue;
    const value = runFigure(run, key.kpi);
    if (value === null) continue;
    out.push({
      kind: 'run',
      id: run.id,
      value,
      ...(run.endpoint !== undefined ? { endpoint: run.endpoint } : {}),
      ...(run.source_file !== undefined ? { source_file: run.source_file } : {}),
    });
  }
  if (side === 'before')
    (ev.baseline ?? []).forEach((row, i) => {
      if (row.service !== key.service || !sameEndpoint(key.endpoint, row.endpoint)) return;
      const value = Object.prototype.hasOwnProperty.call(row, key.kpi) ? row[key.kpi] : undefined;
      if (typeof value !== 'number') return;
      out.push({
        kind: 'row',
        id: String(i + 1),
        value,
        ...(row.endpoint !== undefined ? { endpoint: row.endpoint } : {}),
      });
    });
  return out;
}

/** Checks a typed number against its evidence. */
export function checkTyped(typed: number, key: KpiKey, side: Side, ev: Evidence): TypedCheck {
  const evidence = evidenceFor(key, side, ev);
  if (evidence.length === 0) return { state: 'none', evidence };
  return { state: evidence.some((e) => agreesWith(typed, e.value)) ? 'agrees' : 'disagrees', evidence };
}
