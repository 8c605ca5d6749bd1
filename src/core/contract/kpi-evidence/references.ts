/**
 * Reads a before or after value: a typed number (checked against its evidence), a reference to
 * runs of load-test-results.json (their median when several), or a reference to the baseline row
 * (ARTIFACTS.md section 2, "Numbers tied to their evidence"). Pure; a reference that cannot be read
 * gives no value and names the problem, for validation to report and evaluation to refuse.
 */
import type { LoadTestRun, Measurement } from '../../types/artifacts.generated.ts';
import { median, spreadOf } from './replicates.ts';
import { runFigureName, runFigure } from './run-figure.ts';
import { checkTyped, type Evidence, type KpiKey } from './typed-check.ts';
import type { RefProblem, ResolvedSide, RunValue, Side } from './types.ts';

const PHASE: Record<Side, LoadTestRun['phase']> = { before: 'baseline', after: 'after' };
const RUN_FIGURES =
  'latency_p50_ms, latency_p90_ms, latency_p95_ms, latency_p99_ms, latency_max_ms, throughput_rps, error_rate_pct';

const problem = (code: RefProblem['code'], pointer: string, message: string, hint: string): RefProblem => ({
  code,
  pointer,
  message,
  hint,
});

function runProblem(
  run: LoadTestRun | undefined,
  id: string,
  k: number,
  key: KpiKey,
  side: Side,
): RefProblem | null {
  const at = `/runs/${k}`;
  if (!run)
    return problem(
      'ref.unknown-run',
      at,
      `Unexpected run \`${id}\` in the ${side} of ${key.service} ${key.kpi}: load-test-results.json has no run of that id`,
      'Name a run id of load-test-results.json (import the run first with `perfgate import load-test`).',
    );
  if (run.service !== key.service)
    return problem(
      'ref.run-mismatch',
      at,
      `Unexpected run \`${id}\` in the ${side} of ${key.service} ${key.kpi}: it is a run of service \`${run.service}\``,
      `Reference runs of \`${key.service}\`.`,
    );
  if (run.phase !== PHASE[side])
    return problem(
      'ref.run-mismatch',
      at,
      `Unexpected run \`${id}\` in the ${side} of ${key.service} ${key.kpi}: it is a${run.phase === 'after' ? 'n after' : ' baseline'} run; ${side === 'after' ? 'an after' : 'a before'} value reads ${PHASE[side]} runs`,
      `Move it to the ${side === 'before' ? 'after' : 'before'} value, or reference a ${PHASE[side]} run.`,
    );
  if (key.endpoint !== undefined && run.endpoint !== undefined && run.endpoint !== key.endpoint)
    return problem(
      'ref.run-mismatch',
      at,
      `Unexpected run \`${id}\` in the ${side} of ${key.service} ${key.endpoint} ${key.kpi}: it measured endpoint \`${run.endpoint}\``,
      `Reference runs of \`${key.endpoint}\` (imported with --endpoint), or of the whole scenario.`,
    );
  const figure = runFigureName(key.kpi);
  if (figure === null)
    return problem(
      'ref.run-kpi',
      at,
      `Unexpected reference to runs for ${key.kpi}: a load-test run does not report that KPI`,
      `Runs report ${RUN_FIGURES}; type the number, or reference the baseline row for a before.`,
    );
  if (runFigure(run, key.kpi) === null)
    return problem(
      'ref.run-kpi',
      at,
      `Unexpected run \`${id}\` in the ${side} of ${key.service} ${key.kpi}: the run does not report ${figure}`,
      'Reference runs whose tool reports that figure (autocannon has no p95, for example), or another KPI.',
    );
  return null;
}

function fromRuns(ids: readonly string[], key: KpiKey, side: Side, ev: Evidence): ResolvedSide {
  const empty = { kind: 'runs' as const, runs: [], spread: null };
  if (!ev.runs)
    return {
      value: null,
      source: empty,
      problems: [
        problem(
          'ref.evidence-missing',
          '/runs',
          `Unexpected reference to runs in the ${side} of ${key.service} ${key.kpi}: load-test-results.json is missing or not valid`,
          'Import the runs with `perfgate import load-test`, or fix load-test-results.json first.',
        ),
      ],
    };
  const byId = new Map(ev.runs.map((r) => [r.id, r]));
  const problems: RefProblem[] = [];
  const runs: RunValue[] = [];
  ids.forEach((id, k) => {
    const run = byId.get(id);
    const p = runProblem(run, id, k, key, side);
    if (p) return void problems.push(p);
    runs.push({
      id,
      value: runFigure(run!, key.kpi)!,
      ...(run!.source_file !== undefined ? { source_file: run!.source_file } : {}),
    });
  });
  if (problems.length > 0) return { value: null, source: empty, problems };
  const values = runs.map((r) => r.value);
  return { value: median(values), source: { kind: 'runs', runs, spread: spreadOf(values) }, problems };
}

function fromBaseline(selector: { endpoint?: string }, key: KpiKey, side: Side, ev: Evidence): ResolvedSide {
  const endpoint = selector.endpoint ?? key.endpoint;
  const none = (p: RefProblem): ResolvedSide => ({
    value: null,
    source: { kind: 'baseline', row: 0, endpoint: endpoint ?? null },
    problems: [p],
  });
  if (side === 'after')
    return none(
      problem(
        'ref.baseline-after',
        '/baseline',
        `Unexpected baseline reference in the after of ${key.service} ${key.kpi}: baseline-metrics.csv holds values from before the optimization`,
        'Reference after runs instead: "after": {"runs": ["<run id>"]}.',
      ),
    );
  if (!ev.baseline)
    return none(
      problem(
        'ref.evidence-missing',
        '/baseline',
        `Unexpected baseline reference in the before of ${key.service} ${key.kpi}: baseline-metrics.csv is missing or not valid`,
        'Fix baseline-metrics.csv first, or reference runs.',
      ),
    );
  const rows = ev.baseline
    .map((row, i) => ({ row, i }))
    .filter(
      ({ row }) => row.service === key.service && (endpoint === undefined || row.endpoint === endpoint),
    );
  const what = `${key.service}${endpoint !== undefined ? ` with endpoint \`${endpoint}\`` : ''}`;
  if (rows.length !== 1) {
    const endpoints = ev.baseline.filter((r) => r.service === key.service).map((r) => r.endpoint ?? '(none)');
    return none(
      problem(
        'ref.baseline-row',
        '/baseline',
        rows.length === 0
          ? `Unexpected baseline reference in the before of ${key.service} ${key.kpi}: baseline-metrics.csv has no row of ${what}`
          : `Unexpected baseline reference in the before of ${key.service} ${key.kpi}: baseline-metrics.csv has ${rows.length} rows of ${what}`,
        endpoints.length > 0
          ? `Name the row's endpoint: {"baseline": {"endpoint": "${endpoints[0]}"}} (the service's rows: ${[...new Set(endpoints)].slice(0, 10).join(', ')}).`
          : `Add a row of ${key.service} to baseline-metrics.csv, or reference runs.`,
      ),
    );
  }
  const { row, i } = rows[0]!;
  const cell = Object.prototype.hasOwnProperty.call(row, key.kpi) ? row[key.kpi] : undefined;
  if (typeof cell !== 'number')
    return none(
      problem(
        'ref.baseline-row',
        '/baseline',
        `Unexpected baseline reference in the before of ${key.service} ${key.kpi}: row ${i + 1} of baseline-metrics.csv has no ${key.kpi} value`,
        `Fill the ${key.kpi} cell of that row, or reference runs.`,
      ),
    );
  return {
    value: cell,
    source: { kind: 'baseline', row: i + 1, endpoint: row.endpoint ?? null },
    problems: [],
  };
}

/** Reads one side of a target or monitored KPI from the measurement and the cycle's evidence. */
export function resolveSide(m: Measurement, key: KpiKey, side: Side, ev: Evidence): ResolvedSide {
  if (typeof m === 'number')
    return {
      value: m,
      source: { kind: 'typed', value: m, n: null, stdev: null, check: checkTyped(m, key, side, ev) },
      problems: [],
    };
  if ('runs' in m) return fromRuns(m.runs, key, side, ev);
  if ('baseline' in m) return fromBaseline(m.baseline, key, side, ev);
  return {
    value: m.value,
    source: {
      kind: 'typed',
      value: m.value,
      n: m.n ?? null,
      stdev: m.stdev ?? null,
      check: checkTyped(m.value, key, side, ev),
    },
    problems: [],
  };
}
