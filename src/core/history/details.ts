/**
 * What a cycle's schema-valid artifacts say, arranged for display, joined with the evaluation's
 * results (a plan task's achieved gain is the core's improvement of its target; a waiver's state is
 * the one the evaluation gave it). Nothing here decides a gate.
 */
import type { CycleEvaluation, WaiverRef } from '../evaluate/types.ts';
import type { ArtifactRecord } from '../validate/validated.ts';
import type { CycleDetails } from './site-data.ts';

export { cycleVerdict } from '../format/words.ts';

function waiverStates(evaluation: CycleEvaluation): Map<string, WaiverRef['state']> {
  const states = new Map<string, WaiverRef['state']>();
  for (const g of evaluation.gates)
    for (const c of g.criteria) for (const w of c.waivers) states.set(w.id, w.state);
  return states;
}

/** The display records of a cycle, from the data of its schema-valid artifacts (validation's typed result). */
export function cycleDetails(artifacts: ArtifactRecord, evaluation: CycleEvaluation): CycleDetails {
  const intake = artifacts['performance-intake-report'];
  const hypo = artifacts['hypothesis-log'];
  const plan = artifacts['optimization-plan'];
  const load = artifacts['load-test-results'];
  const slo = artifacts['slo-update-record'];
  const report = artifacts['optimization-validation-report'];
  const waivers = artifacts['gate-waivers'];
  const signoff = artifacts['reviewer-signoff'];
  const dist = artifacts['distribution-log'];
  const notes = artifacts['continuous-improvement-notes'];
  const achieved = new Map<string, number | null>();
  for (const d of evaluation.deltas.kpis)
    if (d.role === 'target' && d.task && !achieved.has(d.task)) achieved.set(d.task, d.improvement);
  const states = waiverStates(evaluation);
  return {
    intake: intake
      ? {
          generated_at: intake.generated_at,
          services: intake.services.map((s) => ({
            name: s.name,
            critical: s.critical,
            prioritized: s.prioritized !== false,
            owner: s.owner ?? null,
          })),
          telemetry: intake.telemetry_sources.map((t) => ({
            name: t.name,
            kind: t.kind,
            services: t.services,
          })),
          pain_points: (intake.pain_points ?? []).map((p) => ({ service: p.service, symptom: p.symptom })),
        }
      : null,
    hypotheses: hypo
      ? hypo.hypotheses.map((h) => ({
          id: h.id,
          statement: h.statement,
          owner: h.owner ?? null,
          risk: h.risk ?? null,
          service: h.service ?? null,
          status: h.status ?? 'open',
          validation: h.validation ?? null,
          tasks: plan ? plan.tasks.filter((t) => t.hypothesis === h.id).map((t) => t.id) : [],
        }))
      : null,
    plan: plan
      ? plan.tasks.map((t) => ({
          id: t.id,
          title: t.title,
          service: t.service,
          kpi: t.kpi,
          owner: t.owner,
          risk: t.risk,
          status: t.status,
          hypothesis: t.hypothesis ?? null,
          expected_gain_pct: t.expected_gain_pct,
          achieved: achieved.get(t.id) ?? null,
        }))
      : null,
    validation: report ? { environment: report.environment, validated_at: report.validated_at } : null,
    load_tests: load
      ? {
          tool: [load.tool, load.tool_version].filter(Boolean).join(' '),
          tool_name: load.tool,
          tool_version: load.tool_version ?? null,
          environment: load.environment,
          runs: load.runs.map((r) => ({
            id: r.id,
            service: r.service,
            scenario: r.scenario,
            phase: r.phase,
            kind: r.kind,
            peak_concurrency: r.peak_concurrency,
            duration_s: r.duration_s,
            throughput_rps: r.throughput_rps,
            error_rate_pct: r.error_rate_pct,
            tool: r.tool ?? load.tool,
            endpoint: r.endpoint ?? null,
            source_file: r.source_file ?? null,
            latency_ms: {
              p50: r.latency_ms.p50 ?? null,
              p90: r.latency_ms.p90 ?? null,
              p95: r.latency_ms.p95 ?? null,
              p99: r.latency_ms.p99 ?? null,
            },
          })),
        }
      : null,
    slo: slo
      ? {
          changes: slo.slos.map((s) => ({
            service: s.service,
            sli: s.sli,
            objective_before: s.objective_before,
            objective_after: s.objective_after,
            window: s.window,
            rationale: s.rationale ?? null,
          })),
          status: slo.approval.status,
          approvals: slo.approval.approvals.map((a) => ({
            name: a.name,
            role: a.role,
            signed_at: a.signed_at,
          })),
        }
      : null,
    waivers: waivers
      ? waivers.waivers.map((w) => ({
          id: w.id,
          gate: w.gate,
          criterion: w.criterion,
          justification: w.justification,
          approved_by: w.approved_by,
          approved_at: w.approved_at,
          expires_at: w.expires_at,
          compensating_controls: Array.isArray(w.compensating_controls)
            ? w.compensating_controls.join('; ')
            : (w.compensating_controls ?? null),
          state: states.get(w.id) ?? 'unused',
        }))
      : null,
    signoffs: signoff
      ? signoff.reviews.map((r) => ({
          reviewer: r.reviewer,
          role: r.role,
          decision: r.decision,
          rationale: r.rationale,
          signed_at: r.signed_at,
        }))
      : null,
    distribution: dist
      ? dist.deliveries.map((d) => ({ group: d.group, channel: d.channel, delivered_at: d.delivered_at }))
      : null,
    backlog: notes ? notes.actions.map((a) => ({ action: a.action, consumer: a.consumer ?? null })) : null,
  };
}
