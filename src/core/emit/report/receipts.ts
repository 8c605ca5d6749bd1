/** Every gate's receipt: criteria with their working, waivers with their state, signed exceptions. */
import type { Code } from 'mdast';
import { formatImprovement, formatMargin, formatThreshold } from '../../format/index.ts';
import {
  criterionLabel,
  formatActual,
  gateFailureBlock,
  gateHeading,
  unitOf,
} from '../../evaluate/messages.ts';
import type { CriterionResult, GateResult } from '../../evaluate/types.ts';
import { code, heading, list, para, strong, table, tableOr, type Block, type Cell } from './md.ts';
import { num, type ReportModel } from './model.ts';

function criterionRow(c: CriterionResult): Cell[] {
  const ratio =
    c.numerator !== null || c.denominator !== null
      ? `${num(c.numerator) ?? '—'} / ${num(c.denominator) ?? '—'}`
      : null;
  return [
    code(c.id),
    c.at_risk ? [strong(c.status), ' (at risk)'] : strong(c.status),
    c.status === 'not_evaluable' ? 'n/a' : formatActual(c),
    c.operator,
    formatThreshold(unitOf(c), c.threshold),
    c.margin === null ? null : formatMargin(unitOf(c), c.margin),
    c.formula,
    ratio,
    c.summary,
  ];
}

function waiverRows(g: GateResult): Cell[][] {
  return g.criteria.flatMap((c) =>
    c.waivers.map((w): Cell[] => [
      code(w.id),
      code(c.id),
      strong(w.state),
      w.approved_by,
      w.expires_at,
      [w.justification, ...(w.note ? [` (${w.note})`] : [])],
    ]),
  );
}

function receipt(g: GateResult, evaluatedAt: string): Block[] {
  const out: Block[] = [heading(3, `${gateHeading(g)}: ${g.status}`)];
  if (g.status === 'pending') return [...out, para(g.pending_reason ?? 'No input yet.')];
  out.push(
    para(`Rules: ${g.criteria.map(criterionLabel).join('; ')}.`),
    table(
      [
        'Criterion',
        'Status',
        'Actual',
        'Operator',
        'Threshold',
        'Margin',
        'Formula',
        'Numerator / denominator',
        'Why',
      ],
      g.criteria.map(criterionRow),
    ),
  );
  const evidence = [...new Set(g.criteria.flatMap((c) => c.evidence))];
  if (evidence.length > 0)
    out.push(para('Evidence read: ', ...evidence.flatMap((e, i) => (i === 0 ? [code(e)] : [', ', code(e)]))));
  const waivers = waiverRows(g);
  if (waivers.length > 0)
    out.push(
      heading(4, 'Waivers'),
      table(['Waiver', 'Criterion', 'State', 'Approved by', 'Expires at', 'Justification'], waivers),
    );
  const exceptions = g.criteria.flatMap((c) => c.exceptions ?? []);
  if (exceptions.length > 0)
    out.push(
      heading(4, 'Signed exceptions'),
      list(
        exceptions.map((e) => [
          code(`${e.service} ${e.kpi}`),
          ` improved ${formatImprovement(e.improvement)}; signed by ${e.approved_by} at ${e.approved_at}; mitigation: ${e.mitigation}`,
        ]),
      ),
    );
  if (g.status === 'fail') {
    const block: Code = { type: 'code', lang: 'text', value: gateFailureBlock(g, evaluatedAt) };
    out.push(block);
  }
  return out;
}

export function receiptsSection(m: ReportModel): Block[] {
  return [
    heading(2, 'Gate receipts'),
    ...m.evaluation.gates.flatMap((g) => receipt(g, m.evaluation.evaluated_at)),
  ];
}

export function signoffSection(m: ReportModel): Block[] {
  const s = m.input.artifacts['reviewer-signoff'];
  return [
    heading(2, 'Sign-offs'),
    tableOr(
      'No valid reviewer-signoff.json.',
      ['Reviewer', 'Role', 'Decision', 'Signed at', 'Rationale'],
      (s?.reviews ?? []).map((r) => [r.reviewer, r.role, strong(r.decision), r.signed_at, r.rationale]),
    ),
  ];
}

export function distributionSection(m: ReportModel): Block[] {
  const d = m.input.artifacts['distribution-log'];
  return [
    heading(2, 'Distribution'),
    tableOr(
      'No valid governance/distribution-log.json.',
      ['Group', 'Channel', 'Delivered at', 'Recipients'],
      (d?.deliveries ?? []).map((x) => [
        x.group,
        x.channel,
        x.delivered_at,
        Array.isArray(x.recipients)
          ? x.recipients.join(', ')
          : typeof x.recipients === 'number'
            ? num(x.recipients)
            : null,
      ]),
    ),
  ];
}
