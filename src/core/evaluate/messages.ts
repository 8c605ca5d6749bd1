/**
 * Gate outcomes in the protocol's words (section 7 error templates): one line for a passing,
 * waived or pending gate, the `[GATE FAILED: ...] [CRITICAL]` block for a failing one. Pure text,
 * shared by the terminal and the report.
 */
import type { GateNumber } from '../artifacts.ts';
import { formatAgainst, formatThreshold as thresholdText, type Unit } from '../format/index.ts';
import { STATUS, tally } from '../format/words.ts';
import { criterionModule } from './registry.ts';
import type { CriterionResult, GateResult } from './types.ts';

const RESOLUTION: Record<GateNumber, string> = {
  1: 'Halt before Phase 2: regenerate missing telemetry snapshots and baseline rows, complete the hypotheses, and re-run; or log a waiver with justification and expiration in gate-waivers.json.',
  2: 'Extend the diagnostic window or rerun load tests with updated scenarios and attach flame graphs for critical services; or document approved test omissions in gate-waivers.json with compensating controls.',
  3: 'Refine the optimization and rerun validation tests, revert regressing changes via change management, or record a signed exception with mitigation for a target under threshold (waivers are not permitted for this gate).',
  4: 'Delay handoff: secure missing approvals, complete documentation and distribution, and regenerate the manifest records; only a minor communication delay (distribution_groups) may be waived in gate-waivers.json.',
};

const IMPACT: Record<GateNumber, string> = {
  1: 'Blocks Phase 2 (diagnostics) until resolved',
  2: 'Blocks Phase 3 (optimization) until resolved',
  3: 'Blocks handoff until resolved',
  4: 'Blocks handoff until resolved',
};

/** `Gate 3 Optimization Validation`. */
export function gateHeading(g: GateResult): string {
  return `Gate ${g.gate} ${g.title.replace(/ Gate$/, '')}`;
}

/** The criterion's rule in words, e.g. `Improvement >= 15 % on targeted KPI ...`. */
export function criterionLabel(c: CriterionResult): string {
  return criterionModule(c.id)?.label(c.threshold) ?? `${c.id} ${c.operator} ${String(c.threshold)}`;
}

/** The unit a criterion declares in its definition. */
export function unitOf(c: Pick<CriterionResult, 'id'>): Unit {
  return criterionModule(c.id)?.unit ?? 'count';
}

/** The measured value with its unit (`95.0 %`, `3`, `1.5 h`, `yes`), on the right side of its threshold. */
export function formatActual(c: CriterionResult): string {
  return formatAgainst(unitOf(c), c.actual, c.threshold);
}

/** The threshold with its operator: `>= 95 %`. */
export function formatThreshold(c: CriterionResult): string {
  return `${c.operator} ${thresholdText(unitOf(c), c.threshold)}`;
}

function reason(c: CriterionResult): string {
  return c.summary.replace(/^Not evaluable: /, '').replace(/\.$/, '');
}

/** `regression_count 1 (inventory-sync latency_p95_ms 18.0 % worse, beyond the 5 % tolerance)`. */
export function criterionActual(c: CriterionResult): string {
  if (c.status === 'not_evaluable') return `${c.id} not evaluable (${reason(c)})`;
  return `${c.id} ${formatActual(c)} (${reason(c)})`;
}

function waiverNotes(g: GateResult): string[] {
  return g.criteria.flatMap((c) =>
    c.waivers
      .filter((w) => w.state !== 'applied' && (w.state === 'expired' || c.status !== 'pass'))
      .map(
        (w) =>
          `waiver ${w.id} on ${c.id} ${w.state === 'expired' ? 'expired' : 'not applied'}${w.note ? ` (${w.note})` : ''}`,
      ),
  );
}

/** One line: `✔ Gate 1 Baseline Validation: Pass (5 of 5 criteria pass)`, with at-risk and waiver notes. */
export function gateLine(g: GateResult): string {
  const { icon, label } = STATUS[g.status];
  if (g.status === 'pending')
    return `${icon} ${gateHeading(g)}: ${label} (${(g.pending_reason ?? 'no input yet').replace(/\.$/, '')})`;
  const notes: string[] = [];
  for (const c of g.criteria.filter((x) => x.status === 'waived')) {
    const w = c.waivers.find((x) => x.state === 'applied');
    notes.push(`${c.id} waived by ${w?.id ?? '?'} until ${w?.expires_at ?? '?'}`);
  }
  const atRisk = g.criteria.filter((c) => c.at_risk);
  if (atRisk.length)
    notes.push(
      `at risk: ${atRisk.map((c) => `${c.id} ${formatActual(c)} (${formatThreshold(c)})`).join(', ')}`,
    );
  for (const c of g.criteria)
    for (const e of c.exceptions ?? [])
      notes.push(`signed exception for ${e.service} ${e.kpi} by ${e.approved_by}`);
  notes.push(...waiverNotes(g));
  return `${icon} ${gateHeading(g)}: ${label} (${tally(g.criteria, 'criterion')}${notes.length ? `; ${notes.join('; ')}` : ''})`;
}

/** The protocol's failure template for a failing gate. */
export function gateFailureBlock(g: GateResult, evaluatedAt: string): string {
  const failing = g.criteria.filter((c) => c.status === 'fail' || c.status === 'not_evaluable');
  const passing = g.criteria.filter((c) => c.status === 'pass' || c.status === 'waived');
  const evidence = [...new Set(g.criteria.flatMap((c) => c.evidence))];
  const context = [
    `${passing.length} of ${g.criteria.length} criteria pass${passing.some((c) => c.status === 'waived') ? ' or are waived' : ''}${passing.length ? ` (${passing.map((c) => `${c.id} ${formatActual(c)}${c.status === 'waived' ? ' waived' : ''}`).join(', ')})` : ''}`,
    ...waiverNotes(g),
    `evidence: ${evidence.join(', ') || 'none'}`,
    `evaluated at ${evaluatedAt}`,
  ];
  const missing = failing.filter((c) => c.status === 'not_evaluable').map((c) => `${c.id}: ${reason(c)}`);
  const keys = failing.flatMap((c) => {
    const key = criterionModule(c.id)?.configKey;
    return key && c.status === 'fail' ? [`${c.id} by \`${key}\``] : [];
  });
  const thresholds = keys.length
    ? ` Thresholds are set in the gate config (config/protocol_gates/18.yaml; \`perfgate init\` writes it with every key): ${keys.join(', ')}.`
    : '';
  return [
    `[GATE FAILED: ${g.title}] [CRITICAL]`,
    `Criteria: ${g.criteria.map(criterionLabel).join(', ')}`,
    `Actual: ${failing.map(criterionActual).join('; ')}`,
    `Context: ${context.join('; ')}`,
    `Resolution: ${missing.length ? `Provide the missing evidence (${missing.join('; ')}). ` : ''}${RESOLUTION[g.gate]}${thresholds}`,
    `Impact: ${IMPACT[g.gate]}`,
  ].join('\n');
}

/** The line or block for any gate. */
export function formatGate(g: GateResult, evaluatedAt: string): string {
  return g.status === 'fail' ? gateFailureBlock(g, evaluatedAt) : gateLine(g);
}
