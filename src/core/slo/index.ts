/**
 * Error budgets of a cycle's SLOs (ARTIFACTS.md section 8): for each supported OpenSLO document and
 * objective, the bad-event fraction of the service's load runs before (baseline phase) and after, the
 * budget each would consume over the SLO's window, the burn rate and the days to exhaustion. Only
 * runs of kind `load` count (stress, spike and soak runs test limits, not the traffic of a window);
 * replicate runs of a phase are pooled. A side without raw samples says what cannot be computed, and why.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { LoadedCycle } from '../load/cycle.ts';
import type { LoadTestResults, PerformanceIntakeReport } from '../types/artifacts.generated.ts';
import { budgetUse, type BudgetUse } from './budget.ts';
import { readSloDocuments, type Op, type SloSpec } from './documents.ts';
import { runEvents, type RunEvents } from './samples.ts';

/** One side (before or after) of an objective. */
export type BudgetSide =
  | ({ status: 'computed'; runs: string[]; events: number; bad: number } & BudgetUse)
  | { status: 'not_computed'; runs: string[]; reason: string };

export interface SloBudget {
  file: string;
  line: number;
  slo: string;
  service: string;
  indicator: SloSpec['indicator'];
  window: SloSpec['window'];
  objective: SloSpec['objectives'][number];
  before: BudgetSide;
  after: BudgetSide;
}

export interface SloBudgets {
  /** SLO documents found (valid or not). */
  documents: number;
  budgets: SloBudget[];
  diagnostics: Diagnostic[];
}

const GOOD: Record<Op, (v: number, t: number) => boolean> = {
  lt: (v, t) => v < t,
  lte: (v, t) => v <= t,
  gt: (v, t) => v > t,
  gte: (v, t) => v >= t,
};

/** The bad fraction of one objective over the pooled raw runs of a phase. */
function side(
  spec: SloSpec,
  objective: SloSpec['objectives'][number],
  runs: { id: string; events: RunEvents }[],
  phase: string,
): BudgetSide {
  const ids = runs.map((r) => r.id);
  if (runs.length === 0)
    return { status: 'not_computed', runs: ids, reason: `no ${phase} run of kind load for ${spec.service}` };
  const raw = runs.flatMap((r) => (r.events.kind === 'raw' ? [r.events.samples] : []));
  if (raw.length === 0) {
    const why = runs.map((r) =>
      r.events.kind === 'summary'
        ? `${r.id}: a ${r.events.format} holds percentiles and counts, not each request, so ${spec.indicator === 'latency' ? `the requests ${objective.op} ${objective.value} ms` : 'the failed requests of the window'} cannot be counted`
        : `${r.id}: ${r.events.kind === 'none' ? r.events.reason : ''}`,
    );
    return {
      status: 'not_computed',
      runs: ids,
      reason: `${why.join('; ')}. Import the raw output (k6 --out json, a JMeter JTL, hey -o csv) to compute it.`,
    };
  }
  let events = 0;
  let bad = 0;
  for (const s of raw) {
    events += s.count;
    if (spec.indicator === 'ratio') bad += s.failed;
    else bad += s.count - s.countWhere((v) => GOOD[objective.op!](v, objective.value!));
  }
  return {
    status: 'computed',
    runs: runs.filter((r) => r.events.kind === 'raw').map((r) => r.id),
    events,
    bad,
    ...budgetUse(bad / events, objective.target, spec.window.days),
  };
}

/** The schema-valid artifacts the budgets read (as the evaluation input holds them). */
export interface SloInputs {
  'performance-intake-report'?: PerformanceIntakeReport | undefined;
  'load-test-results'?: LoadTestResults | undefined;
}

/** The error budgets of a cycle's SLO documents; null when the cycle has none. */
export async function cycleSloBudgets(cycle: LoadedCycle, artifacts: SloInputs): Promise<SloBudgets | null> {
  const intake = artifacts['performance-intake-report'];
  const { slos, diagnostics } = await readSloDocuments(
    cycle,
    intake ? intake.services.map((s) => s.name) : null,
  );
  const documents = cycle.files.filter((f) => f.path.startsWith('slos/')).length;
  if (documents === 0) return null;
  const load = artifacts['load-test-results'];
  const cache = new Map<string, Promise<RunEvents>>();
  const eventsOf = (sourceFile: string | undefined) => {
    const key = sourceFile ?? '';
    if (!cache.has(key)) cache.set(key, runEvents(cycle.dir, sourceFile));
    return cache.get(key)!;
  };
  const budgets: SloBudget[] = [];
  for (const spec of slos) {
    const runsOf = async (phase: 'baseline' | 'after') =>
      Promise.all(
        (load?.runs ?? [])
          .filter((r) => r.service === spec.service && r.phase === phase && r.kind === 'load')
          .map(async (r) => ({ id: r.id, events: await eventsOf(r.source_file) })),
      );
    const before = await runsOf('baseline');
    const after = await runsOf('after');
    for (const objective of spec.objectives)
      budgets.push({
        file: spec.file,
        line: spec.line,
        slo: spec.name,
        service: spec.service,
        indicator: spec.indicator,
        window: spec.window,
        objective,
        before: side(spec, objective, before, 'baseline'),
        after: side(spec, objective, after, 'after'),
      });
  }
  return { documents, budgets, diagnostics };
}
