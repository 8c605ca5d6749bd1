/**
 * The artifacts as evaluation reads them: a sanitized view built once from the input. An absent
 * artifact is `undefined`; a present one with malformed parts yields empty lists, so that a
 * criterion sees "nothing to count" (not_evaluable) rather than a crash.
 */
import type { EvaluationInput } from './types.ts';
import { arr, get, isRec, num, str, text } from './safe.ts';

export interface Service {
  name: string;
  critical: boolean;
  prioritized: boolean;
}
export interface Source {
  name: string;
  kind: string;
  services: string[];
}
export interface BaselineRow {
  index: number;
  service: string;
  collectedAt: unknown;
  row: Record<string, unknown>;
}
export interface Hypothesis {
  id: string;
  owner?: string;
  risk?: string;
  validation?: string;
}
export interface ProfilingSection {
  index: number;
  service: string;
  flameGraphs: string[];
}
export interface Run {
  index: number;
  id: string;
  service: string;
  scenario: string;
  phase: string;
  kind: string;
  startedAt: unknown;
  throughput: number | null;
  latency: Record<'p50' | 'p90' | 'p95' | 'p99', number | null>;
  errorRate: number | null;
}
export interface Sample {
  value: number | null;
  n: number | null;
  stdev: number | null;
}
export interface Exception {
  approved_by: string;
  approved_at: string;
  mitigation: string;
}
export interface KpiItem {
  index: number;
  role: 'target' | 'monitored';
  service: string;
  kpi: string;
  endpoint?: string;
  task?: string;
  before: Sample;
  after: Sample;
  tolerancePct: number | null;
  /** A complete signed exception (all three fields), else undefined. */
  exception?: Exception;
}
export interface Review {
  reviewer: string;
  role: string;
  decision: string;
}
export interface Waiver {
  index: number;
  id: string;
  gate: number | null;
  criterion: string;
  justification: string;
  approved_by: string;
  approved_at: string;
  expires_at: string;
}

export interface Model {
  intake?: { generatedAt: unknown; services: Service[]; sources: Source[] };
  baseline?: BaselineRow[];
  hypotheses?: Hypothesis[];
  profiling?: ProfilingSection[];
  runs?: Run[];
  capacity?: string[];
  plan?: { id: string }[];
  validation?: KpiItem[];
  slo?: { status?: string; approvals: { name: string; role: string }[] };
  reviews?: Review[];
  deliveries?: string[];
  waivers?: Waiver[];
}

function sample(x: unknown): Sample {
  if (typeof x === 'number') return { value: num(x), n: null, stdev: null };
  return { value: num(get(x, 'value')), n: num(get(x, 'n')), stdev: num(get(x, 'stdev')) };
}

function exception(x: unknown): Exception | undefined {
  const approved_by = text(get(x, 'approved_by'));
  const approved_at = text(get(x, 'approved_at'));
  const mitigation = text(get(x, 'mitigation'));
  return approved_by && approved_at && mitigation ? { approved_by, approved_at, mitigation } : undefined;
}

function kpiItems(x: unknown, role: KpiItem['role']): KpiItem[] {
  return arr(x).map((t, index): KpiItem => {
    const item: KpiItem = {
      index,
      role,
      service: str(get(t, 'service')) ?? '?',
      kpi: str(get(t, 'kpi')) ?? '?',
      before: sample(get(t, 'before')),
      after: sample(get(t, 'after')),
      tolerancePct: num(get(t, 'tolerance_pct')),
    };
    const endpoint = str(get(t, 'endpoint'));
    const task = str(get(t, 'task'));
    const ex = role === 'target' ? exception(get(t, 'exception')) : undefined;
    if (endpoint !== undefined) item.endpoint = endpoint;
    if (task !== undefined) item.task = task;
    if (ex) item.exception = ex;
    return item;
  });
}

/** Builds the sanitized view of the input's artifacts. */
export function buildModel(input: EvaluationInput): Model {
  const a = get(input, 'artifacts');
  const m: Model = {};
  const intake = get(a, 'performance-intake-report');
  if (isRec(intake)) {
    m.intake = {
      generatedAt: intake.generated_at,
      services: arr(intake.services).map((s) => ({
        name: str(get(s, 'name')) ?? '?',
        critical: get(s, 'critical') === true,
        prioritized: get(s, 'prioritized') !== false,
      })),
      sources: arr(intake.telemetry_sources).map((s) => ({
        name: str(get(s, 'name')) ?? '?',
        kind: str(get(s, 'kind')) ?? '?',
        services: arr(get(s, 'services')).filter((x): x is string => typeof x === 'string'),
      })),
    };
  }
  const baseline = get(a, 'baseline-metrics');
  if (isRec(baseline)) {
    m.baseline = arr(baseline.rows).flatMap((row, index) =>
      isRec(row)
        ? [{ index, service: str(row.service) ?? '?', collectedAt: get(row, 'collected_at'), row }]
        : [],
    );
  }
  const hypo = get(a, 'hypothesis-log');
  if (isRec(hypo)) {
    m.hypotheses = arr(hypo.hypotheses).map((h, i) => {
      const out: Hypothesis = { id: str(get(h, 'id')) ?? `#${i + 1}` };
      const owner = text(get(h, 'owner'));
      const risk = text(get(h, 'risk'));
      const validation = text(get(h, 'validation'));
      if (owner) out.owner = owner;
      if (risk) out.risk = risk;
      if (validation) out.validation = validation;
      return out;
    });
  }
  const prof = get(a, 'profiling-report');
  if (isRec(prof)) {
    const graphs = arr(get(input, 'flameGraphs'));
    m.profiling = arr(prof.sections).map((s, index) => ({
      index,
      service: str(get(s, 'service')) ?? '?',
      flameGraphs: arr(graphs[index]).filter((g): g is string => typeof g === 'string'),
    }));
  }
  const load = get(a, 'load-test-results');
  if (isRec(load)) {
    m.runs = arr(load.runs).map((r, index) => ({
      index,
      id: str(get(r, 'id')) ?? `#${index + 1}`,
      service: str(get(r, 'service')) ?? '?',
      scenario: str(get(r, 'scenario')) ?? '?',
      phase: str(get(r, 'phase')) ?? '?',
      kind: str(get(r, 'kind')) ?? '?',
      startedAt: get(r, 'started_at'),
      throughput: num(get(r, 'throughput_rps')),
      latency: {
        p50: num(get(r, 'latency_ms', 'p50')),
        p90: num(get(r, 'latency_ms', 'p90')),
        p95: num(get(r, 'latency_ms', 'p95')),
        p99: num(get(r, 'latency_ms', 'p99')),
      },
      errorRate: num(get(r, 'error_rate_pct')),
    }));
  }
  const cap = get(a, 'capacity-analysis');
  if (isRec(cap)) m.capacity = arr(cap.sections).map((s) => str(get(s, 'service')) ?? '?');
  const plan = get(a, 'optimization-plan');
  if (isRec(plan)) m.plan = arr(plan.tasks).map((t) => ({ id: str(get(t, 'id')) ?? '?' }));
  const val = get(a, 'optimization-validation-report');
  if (isRec(val))
    m.validation = [...kpiItems(val.targets, 'target'), ...kpiItems(val.monitored, 'monitored')];
  const slo = get(a, 'slo-update-record');
  if (isRec(slo)) {
    const status = str(get(slo, 'approval', 'status'));
    const approvals = arr(get(slo, 'approval', 'approvals')).map((s) => ({
      name: str(get(s, 'name')) ?? '?',
      role: str(get(s, 'role')) ?? '?',
    }));
    m.slo = status === undefined ? { approvals } : { status, approvals };
  }
  const signoff = get(a, 'reviewer-signoff');
  if (isRec(signoff)) {
    m.reviews = arr(signoff.reviews).map((r) => ({
      reviewer: str(get(r, 'reviewer')) ?? '?',
      role: str(get(r, 'role')) ?? '',
      decision: str(get(r, 'decision')) ?? '',
    }));
  }
  const dist = get(a, 'distribution-log');
  if (isRec(dist)) m.deliveries = arr(dist.deliveries).map((d) => text(get(d, 'group')) ?? '');
  const waivers = get(a, 'gate-waivers');
  if (isRec(waivers)) {
    m.waivers = arr(waivers.waivers).map((w, index) => ({
      index,
      id: str(get(w, 'id')) ?? `#${index + 1}`,
      gate: num(get(w, 'gate')),
      criterion: str(get(w, 'criterion')) ?? '',
      justification: str(get(w, 'justification')) ?? '',
      approved_by: str(get(w, 'approved_by')) ?? '',
      approved_at: str(get(w, 'approved_at')) ?? '',
      expires_at: str(get(w, 'expires_at')) ?? '',
    }));
  }
  return m;
}
