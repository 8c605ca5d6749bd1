/**
 * Cross-file rules: what no single schema can say (known services, existing attachments, unique
 * ids, H-/OPT- references, ordered percentiles, end >= start, permitted waivers). Each rule runs
 * only on artifacts that passed their schema, so it can trust their shape.
 */
import path from 'node:path';
import type { ArtifactName } from '../artifacts.ts';
import { CRITERIA_BY_GATE, gateOfCriterion } from '../evaluate/gates.ts';
import { diag, pointerOf, type Diagnostic } from '../diagnostics.ts';
import { lineOf } from '../load/json.ts';
import type { LoadedArtifact, LoadedCycle } from '../load/cycle.ts';
import type {
  CapacityAnalysis,
  GateWaivers,
  HypothesisLog,
  LoadTestResults,
  OptimizationPlan,
  OptimizationValidationReport,
  PerformanceIntakeReport,
  ProfilingReport,
  SloUpdateRecord,
  BaselineMetrics,
} from '../types/artifacts.generated.ts';

type Valid = Partial<Record<ArtifactName, LoadedArtifact>>;

class Reporter {
  readonly out: Diagnostic[] = [];
  error(
    a: LoadedArtifact,
    code: string,
    pointer: string,
    message: string,
    hint: string,
    severity: 'error' | 'warning' = 'error',
  ): void {
    this.out.push(diag(code, severity, a.file, message, hint, { pointer, line: lineOf(a.lines, pointer) }));
  }
}

/** Extensions that make an attachment a flame graph (ARTIFACTS.md, profiling-report.md). */
export const FLAME_GRAPH_EXTENSIONS = [
  '.svg',
  '.html',
  '.cpuprofile',
  '.speedscope.json',
  '.folded',
  '.collapsed',
  '.pprof',
  '.pb.gz',
];

export type LinkTarget = { kind: 'external' } | { kind: 'outside' } | { kind: 'file'; path: string };

/**
 * Resolves a Markdown link of a cycle file to a path inside the cycle. Links with a scheme are
 * external; absolute paths and paths climbing out of the cycle are `outside` and never read.
 */
export function resolveCycleLink(url: string, fromFile: string): LinkTarget {
  const trimmed = url.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^file:/i.test(trimmed)) return { kind: 'external' };
  if (
    /^file:/i.test(trimmed) ||
    trimmed.startsWith('/') ||
    trimmed.startsWith('\\') ||
    trimmed.startsWith('//')
  )
    return { kind: 'outside' };
  let decoded = trimmed.replace(/[?#].*$/, '');
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    return { kind: 'outside' };
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return { kind: 'outside' };
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), decoded));
  if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined))
    return { kind: 'outside' };
  return { kind: 'file', path: joined };
}

function duplicates<T>(items: readonly T[], key: (t: T) => string): Map<number, string> {
  const seen = new Set<string>();
  const dups = new Map<number, string>();
  items.forEach((it, i) => {
    const k = key(it);
    if (seen.has(k)) dups.set(i, k);
    seen.add(k);
  });
  return dups;
}

/** Runs every cross-file rule over the schema-valid artifacts. */
export function crossFileRules(cycle: LoadedCycle, valid: Valid): Diagnostic[] {
  const r = new Reporter();
  const files = new Set(cycle.files.map((f) => f.path));
  const intakeA = valid['performance-intake-report'];
  const intake = intakeA?.data as PerformanceIntakeReport | undefined;
  const services = intake ? new Set(intake.services.map((s) => s.name)) : undefined;
  const known = (a: LoadedArtifact, pointer: string, service: string, what: string) => {
    if (services && !services.has(service)) {
      r.error(
        a,
        'ref.unknown-service',
        pointer,
        `Unexpected service \`${service}\` in ${what}: it is not a service of the intake report`,
        `Use one of ${[...services].map((s) => `\`${s}\``).join(', ')}, or add the service to performance-intake-report.json.`,
      );
    }
  };

  if (intakeA && intake) {
    if (Date.parse(intake.period.end) < Date.parse(intake.period.start)) {
      r.error(
        intakeA,
        'intake.period',
        '/period/end',
        `Unexpected period end ${intake.period.end} before its start ${intake.period.start}`,
        'Set period.end at or after period.start.',
      );
    }
    for (const [i, name] of duplicates(intake.services, (s) => s.name)) {
      r.error(
        intakeA,
        'intake.duplicate-service',
        pointerOf('services', i, 'name'),
        `Unexpected duplicate service \`${name}\``,
        'List each service once.',
      );
    }
    intake.telemetry_sources?.forEach((src, i) =>
      src.services.forEach((s, j) =>
        known(
          intakeA,
          pointerOf('telemetry_sources', i, 'services', j),
          s,
          `telemetry source \`${src.name}\``,
        ),
      ),
    );
    intake.pain_points?.forEach((p, i) =>
      known(intakeA, pointerOf('pain_points', i, 'service'), p.service, 'a pain point'),
    );
  }

  const baselineA = valid['baseline-metrics'];
  if (baselineA) {
    (baselineA.data as BaselineMetrics).rows.forEach((row, i) =>
      known(baselineA, pointerOf('rows', i, 'service'), String(row.service), `row ${i + 1}`),
    );
  }

  const hypoA = valid['hypothesis-log'];
  const hypotheses = hypoA ? (hypoA.data as HypothesisLog).hypotheses : undefined;
  if (hypoA && hypotheses) {
    for (const [i, id] of duplicates(hypotheses, (h) => h.id)) {
      r.error(
        hypoA,
        'hypothesis.duplicate-id',
        pointerOf('hypotheses', i, 'id'),
        `Unexpected duplicate hypothesis id \`${id}\``,
        'Number hypotheses uniquely (H-1, H-2, ...).',
      );
    }
    hypotheses.forEach(
      (h, i) =>
        h.service !== undefined &&
        known(hypoA, pointerOf('hypotheses', i, 'service'), h.service, `hypothesis ${h.id}`),
    );
  }

  const profA = valid['profiling-report'];
  if (profA) {
    (profA.data as ProfilingReport).sections.forEach((s, i) => {
      known(profA, pointerOf('sections', i, 'service'), s.service, 'the section heading');
      s.links.forEach((url, j) => {
        const target = resolveCycleLink(url, profA.file);
        const pointer = pointerOf('sections', i, 'links', j);
        if (target.kind === 'outside') {
          r.error(
            profA,
            'link.outside-cycle',
            pointer,
            `Unexpected link \`${url}\` out of the cycle directory in section \`${s.service}\`: it is never followed`,
            'Copy the file into the cycle (e.g. diagnostics/) and link it with a relative path.',
          );
        } else if (target.kind === 'file' && !files.has(target.path)) {
          r.error(
            profA,
            'attachment.missing',
            pointer,
            `Attachment \`${url}\` of section \`${s.service}\` not found in the cycle directory`,
            `Add the file at ${target.path} or fix the link.`,
          );
        }
      });
    });
  }

  const loadA = valid['load-test-results'];
  if (loadA) {
    const runs = (loadA.data as LoadTestResults).runs;
    for (const [i, id] of duplicates(runs, (run) => run.id)) {
      r.error(
        loadA,
        'load.duplicate-run',
        pointerOf('runs', i, 'id'),
        `Unexpected duplicate run id \`${id}\``,
        'Give every run a unique id.',
      );
    }
    runs.forEach((run, i) => {
      known(loadA, pointerOf('runs', i, 'service'), run.service, `run \`${run.id}\``);
      const order = ['p50', 'p90', 'p95', 'p99', 'max'] as const;
      const lat = run.latency_ms as unknown as Record<string, number | undefined>;
      for (let k = 1; k < order.length; k++) {
        const key = order[k] as string;
        const cur = lat[key];
        if (cur === undefined) continue;
        for (let j = k - 1; j >= 0; j--) {
          const lowerKey = order[j] as string;
          const lower = lat[lowerKey];
          if (lower !== undefined && cur < lower) {
            r.error(
              loadA,
              'load.percentile-order',
              pointerOf('runs', i, 'latency_ms', key),
              `Unexpected \`${key}\` ${cur} below \`${lowerKey}\` ${lower} in run \`${run.id}\`; percentiles must not decrease`,
              'Check the export: p50 <= p90 <= p95 <= p99 <= max.',
            );
            break;
          }
        }
      }
      const expected = run.requests / run.duration_s;
      if (run.requests > 0 && Math.abs(run.throughput_rps - expected) > Math.max(0.05 * expected, 0.5)) {
        r.error(
          loadA,
          'load.throughput-mismatch',
          pointerOf('runs', i, 'throughput_rps'),
          `Unexpected throughput_rps ${run.throughput_rps} in run \`${run.id}\`: ${run.requests} requests over ${run.duration_s} s is ${expected.toFixed(1)} rps`,
          'Check requests, duration_s and throughput_rps against the raw tool output.',
          'warning',
        );
      }
      if (run.source_file !== undefined) {
        const target = resolveCycleLink(run.source_file, '');
        const pointer = pointerOf('runs', i, 'source_file');
        if (target.kind !== 'file')
          r.error(
            loadA,
            'link.outside-cycle',
            pointer,
            `Unexpected source_file \`${run.source_file}\` outside the cycle directory in run \`${run.id}\``,
            'Copy the raw output into the cycle directory and give its relative path.',
          );
        else if (!files.has(target.path))
          r.error(
            loadA,
            'attachment.missing',
            pointer,
            `source_file \`${run.source_file}\` of run \`${run.id}\` not found in the cycle directory`,
            `Add the raw tool output at ${target.path} or fix the path.`,
          );
      }
    });
  }

  const capA = valid['capacity-analysis'];
  if (capA)
    (capA.data as CapacityAnalysis).sections.forEach((s, i) =>
      known(capA, pointerOf('sections', i, 'service'), s.service, 'the section heading'),
    );

  const planA = valid['optimization-plan'];
  const tasks = planA ? (planA.data as OptimizationPlan).tasks : undefined;
  if (planA && tasks) {
    const ids = new Set(tasks.map((t) => t.id));
    const hypoIds = hypotheses ? new Set(hypotheses.map((h) => h.id)) : undefined;
    for (const [i, id] of duplicates(tasks, (t) => t.id))
      r.error(
        planA,
        'plan.duplicate-task',
        pointerOf('tasks', i, 'id'),
        `Unexpected duplicate task id \`${id}\``,
        'Number tasks uniquely (OPT-1, OPT-2, ...).',
      );
    tasks.forEach((t, i) => {
      known(planA, pointerOf('tasks', i, 'service'), t.service, `task ${t.id}`);
      if (t.hypothesis !== undefined && hypoIds && !hypoIds.has(t.hypothesis)) {
        r.error(
          planA,
          'ref.unknown-hypothesis',
          pointerOf('tasks', i, 'hypothesis'),
          `Unexpected hypothesis \`${t.hypothesis}\` in task ${t.id}: it is not in hypothesis-log.md`,
          `Use one of ${[...hypoIds].join(', ') || '(none logged)'}, or log the hypothesis.`,
        );
      }
      t.depends_on?.forEach((d, j) => {
        if (!ids.has(d) || d === t.id)
          r.error(
            planA,
            'ref.unknown-task',
            pointerOf('tasks', i, 'depends_on', j),
            `Unexpected dependency \`${d}\` of task ${t.id}: ${d === t.id ? 'a task cannot depend on itself' : 'no such task in the plan'}`,
            'Reference another task id of optimization-plan.json.',
          );
      });
    });
  }

  const valA = valid['optimization-validation-report'];
  if (valA) {
    const report = valA.data as OptimizationValidationReport;
    const taskIds = tasks ? new Set(tasks.map((t) => t.id)) : undefined;
    report.targets?.forEach((t, i) => {
      known(valA, pointerOf('targets', i, 'service'), t.service, `target ${t.kpi}`);
      if (t.task !== undefined && taskIds && !taskIds.has(t.task)) {
        r.error(
          valA,
          'ref.unknown-task',
          pointerOf('targets', i, 'task'),
          `Unexpected task \`${t.task}\` in target ${t.service}/${t.kpi}: it is not in optimization-plan.json`,
          'Reference a task id of the optimization plan.',
        );
      }
    });
    report.monitored?.forEach((m, i) =>
      known(valA, pointerOf('monitored', i, 'service'), m.service, `monitored KPI ${m.kpi}`),
    );
  }

  const sloA = valid['slo-update-record'];
  if (sloA)
    (sloA.data as SloUpdateRecord).slos.forEach((s, i) =>
      known(sloA, pointerOf('slos', i, 'service'), s.service, `SLO ${s.sli}`),
    );

  const waiverA = cycle.artifacts['gate-waivers'];
  if (waiverA?.data && typeof waiverA.data === 'object') waiverRules(r, waiverA);
  return r.out;
}

function waiverRules(r: Reporter, a: LoadedArtifact): void {
  const waivers = (a.data as Partial<GateWaivers>).waivers;
  if (!Array.isArray(waivers)) return;
  for (const [i, id] of duplicates(waivers, (w) => String(w?.id)))
    r.error(
      a,
      'waiver.duplicate-id',
      pointerOf('waivers', i, 'id'),
      `Unexpected duplicate waiver id \`${id}\``,
      'Give every waiver a unique id.',
    );
  waivers.forEach((w, i) => {
    const gate = (w as { gate?: unknown })?.gate;
    const criterion = String((w as { criterion?: unknown })?.criterion ?? '');
    if (gate === 3) {
      r.error(
        a,
        'waiver.not-permitted',
        pointerOf('waivers', i, 'gate'),
        `Waiver: Not permitted. Waiver \`${String(w?.id)}\` targets gate 3 (Optimization Validation), which the protocol never waives`,
        'Remove the waiver; for a target below the improvement threshold, record a signed `exception` on that target in optimization-validation-report.json instead.',
      );
    } else if (gate === 4 && criterion !== 'distribution_groups' && gateOfCriterion(criterion) === 4) {
      r.error(
        a,
        'waiver.not-permitted',
        pointerOf('waivers', i, 'criterion'),
        `Waiver: Not permitted. Gate 4 waivers cover only \`distribution_groups\` (minor communication delays), not \`${criterion}\``,
        'Remove the waiver and complete the governance step.',
      );
    } else if (
      (gate === 1 || gate === 2 || gate === 4) &&
      criterion &&
      !CRITERIA_BY_GATE[gate].includes(criterion)
    ) {
      r.error(
        a,
        'waiver.criterion-gate',
        pointerOf('waivers', i, 'criterion'),
        `Unexpected criterion \`${criterion}\` for gate ${gate} in waiver \`${String(w?.id)}\``,
        `Gate ${gate} criteria: ${CRITERIA_BY_GATE[gate].join(', ')}.`,
      );
    }
  });
}
