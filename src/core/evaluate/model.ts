/**
 * The artifacts as evaluation reads them, built once from the schema-valid artifacts (validation's typed result):
 * an absent or invalid artifact is `undefined`; a present one has the shape its schema guarantees,
 * so nothing here needs to defend against a missing field.
 */
import type { Measurement, ValidationTarget, MonitoredKpi } from '../types/artifacts.generated.ts';
import type { ValidArtifacts } from './types.ts';
import { time } from './safe.ts';

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
  /** As written: a typed number, or a reference to its evidence (read in context.ts). */
  before: Measurement;
  after: Measurement;
  tolerancePct: number | null;
  /** A complete signed exception (all three fields), else undefined. */
  exception?: Exception;
}
export interface Review {
  index: number;
  reviewer: string;
  role: string;
  decision: string;
  signedAt: string;
  /** signed_at in ms (schema-valid, so always readable). */
  at: number | null;
}
export interface SloSignature {
  index: number;
  name: string;
  role: string;
  signedAt: string;
  at: number | null;
}
export interface DeliveryItem {
  index: number;
  group: string;
  deliveredAt: string;
  at: number | null;
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
  slo?: { status: string; approvals: SloSignature[] };
  reviews?: Review[];
  deliveries?: DeliveryItem[];
  waivers?: Waiver[];
}

function kpiItem(t: ValidationTarget | MonitoredKpi, index: number, role: KpiItem['role']): KpiItem {
  const item: KpiItem = {
    index,
    role,
    service: t.service,
    kpi: t.kpi,
    before: t.before,
    after: t.after,
    tolerancePct: 'tolerance_pct' in t && t.tolerance_pct !== undefined ? t.tolerance_pct : null,
  };
  if ('endpoint' in t && t.endpoint !== undefined) item.endpoint = t.endpoint;
  if ('task' in t && t.task !== undefined) item.task = t.task;
  if (role === 'target' && 'exception' in t && t.exception) {
    const { approved_by, approved_at, mitigation } = t.exception;
    // A signed exception needs all three in words, not just the keys the schema asks for.
    if (approved_by.trim() && approved_at.trim() && mitigation.trim())
      item.exception = { approved_by: approved_by.trim(), approved_at, mitigation: mitigation.trim() };
  }
  return item;
}

const nonBlank = (s: string | undefined): string | undefined => (s && s.trim() ? s.trim() : undefined);

/** Builds the evaluation's view of the schema-valid artifacts and the flame graphs found per section. */
export function buildModel(a: ValidArtifacts, flameGraphs: readonly (readonly string[])[]): Model {
  const m: Model = {};
  const intake = a['performance-intake-report'];
  if (intake) {
    m.intake = {
      generatedAt: intake.generated_at,
      services: intake.services.map((s) => ({
        name: s.name,
        critical: s.critical,
        prioritized: s.prioritized !== false,
      })),
      sources: intake.telemetry_sources.map((s) => ({ name: s.name, kind: s.kind, services: s.services })),
    };
  }
  const baseline = a['baseline-metrics'];
  if (baseline)
    m.baseline = baseline.rows.map((row, index) => ({
      index,
      service: row.service,
      collectedAt: row.collected_at,
      row,
    }));
  const hypo = a['hypothesis-log'];
  if (hypo) {
    m.hypotheses = hypo.hypotheses.map((h) => {
      const out: Hypothesis = { id: h.id };
      const owner = nonBlank(h.owner);
      const risk = nonBlank(h.risk);
      const validation = nonBlank(h.validation);
      if (owner) out.owner = owner;
      if (risk) out.risk = risk;
      if (validation) out.validation = validation;
      return out;
    });
  }
  const prof = a['profiling-report'];
  if (prof)
    m.profiling = prof.sections.map((s, index) => ({
      index,
      service: s.service,
      flameGraphs: [...(flameGraphs[index] ?? [])],
    }));
  const load = a['load-test-results'];
  if (load) {
    m.runs = load.runs.map((r, index) => ({
      index,
      id: r.id,
      service: r.service,
      scenario: r.scenario,
      phase: r.phase,
      kind: r.kind,
      startedAt: r.started_at,
      throughput: r.throughput_rps,
      latency: {
        p50: r.latency_ms.p50 ?? null,
        p90: r.latency_ms.p90 ?? null,
        p95: r.latency_ms.p95 ?? null,
        p99: r.latency_ms.p99 ?? null,
      },
      errorRate: r.error_rate_pct,
    }));
  }
  const cap = a['capacity-analysis'];
  if (cap) m.capacity = cap.sections.map((s) => s.service);
  const plan = a['optimization-plan'];
  if (plan) m.plan = plan.tasks.map((t) => ({ id: t.id }));
  const val = a['optimization-validation-report'];
  if (val)
    m.validation = [
      ...(val.targets ?? []).map((t, i) => kpiItem(t, i, 'target')),
      ...(val.monitored ?? []).map((t, i) => kpiItem(t, i, 'monitored')),
    ];
  const slo = a['slo-update-record'];
  if (slo)
    m.slo = {
      status: slo.approval.status,
      approvals: slo.approval.approvals.map((s, index) => ({
        index,
        name: s.name,
        role: s.role,
        signedAt: s.signed_at,
        at: time(s.signed_at),
      })),
    };
  const signoff = a['reviewer-signoff'];
  if (signoff)
    m.reviews = signoff.reviews.map((r, index) => ({
      index,
      reviewer: r.reviewer,
      role: r.role,
      decision: r.decision,
      signedAt: r.signed_at,
      at: time(r.signed_at),
    }));
  const dist = a['distribution-log'];
  if (dist)
    m.deliveries = dist.deliveries.map((d, index) => ({
      index,
      group: d.group,
      deliveredAt: d.delivered_at,
      at: time(d.delivered_at),
    }));
  const waivers = a['gate-waivers'];
  if (waivers)
    m.waivers = waivers.waivers.map((w, index) => ({
      index,
      id: w.id,
      gate: w.gate,
      criterion: w.criterion,
      justification: w.justification,
      approved_by: w.approved_by,
      approved_at: w.approved_at,
      expires_at: w.expires_at,
    }));
  return m;
}
