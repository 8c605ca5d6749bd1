/** Phases 3-4 in the report: the plan, the validation results with their deltas, SLO changes. */
import type { KpiDelta } from '../../evaluate/types.ts';
import { code, heading, list, para, table, tableOr, type Block, type Cell } from './md.ts';
import { formatImprovement } from '../../format/index.ts';
import { detectableCell, intervalCell, regressionCell, sourceCell } from './kpi-evidence.ts';
import { num, type ReportModel } from './model.ts';

/** The target delta a task achieved: by its task id, else the target of the same service and KPI. */
function achieved(
  deltas: readonly KpiDelta[],
  task: { id: string; service: string; kpi: string },
): KpiDelta | undefined {
  const targets = deltas.filter((d) => d.role === 'target');
  return (
    targets.find((d) => d.task === task.id) ??
    targets.find((d) => !d.task && d.service === task.service && d.kpi === task.kpi)
  );
}

export function planSection(m: ReportModel): Block[] {
  const plan = m.input.artifacts['optimization-plan'];
  const deltas = m.evaluation.deltas.kpis;
  return [
    heading(2, 'Optimization plan'),
    tableOr(
      'No valid optimization-plan.json.',
      [
        'Task',
        'Title',
        'Service',
        'Hypothesis',
        'Owner',
        'Risk',
        'Status',
        'KPI',
        'Expected gain',
        'Achieved improvement',
        'Depends on',
      ],
      (plan?.tasks ?? []).map((t): Cell[] => {
        const d = achieved(deltas, t);
        return [
          code(t.id),
          t.title,
          code(t.service),
          t.hypothesis ? code(t.hypothesis) : null,
          t.owner,
          t.risk,
          t.status,
          t.kpi,
          `${num(t.expected_gain_pct)} %`,
          d ? formatImprovement(d.improvement) : 'not measured',
          t.depends_on?.length ? t.depends_on.join(', ') : null,
        ];
      }),
      [8, 9],
    ),
  ];
}

function deltaRow(d: KpiDelta): Cell[] {
  return [
    d.role,
    code(d.service),
    d.endpoint,
    d.kpi,
    d.task ? code(d.task) : null,
    `${num(d.before)} → ${num(d.after)}`,
    formatImprovement(d.improvement),
    intervalCell(d),
    regressionCell(d),
    d.exception
      ? `signed by ${d.exception.approved_by} at ${d.exception.approved_at}: ${d.exception.mitigation}`
      : null,
  ];
}

function sourceRow(d: KpiDelta): Cell[] {
  return [
    code(d.service),
    d.endpoint,
    d.kpi,
    sourceCell(d.sources.before),
    sourceCell(d.sources.after),
    detectableCell(d),
  ];
}

export function validationSection(m: ReportModel): Block[] {
  const v = m.input.artifacts['optimization-validation-report'];
  const out: Block[] = [heading(2, 'Validation results')];
  if (v)
    out.push(
      para(
        `Validated at ${v.validated_at} in ${v.environment}. Improvements are computed by perfgate (direction-aware: positive is better); deltas written in the file are not used.`,
      ),
    );
  else out.push(para('No valid optimization-validation-report.json.'));
  out.push(
    tableOr(
      'No targets or monitored KPIs to compare.',
      [
        'Role',
        'Service',
        'Endpoint',
        'KPI',
        'Task',
        'Before → after',
        'Improvement',
        '95 % interval of the improvement',
        'Regression',
        'Exception',
      ],
      m.evaluation.deltas.kpis.map(deltaRow),
      [6],
    ),
  );
  if (m.evaluation.deltas.kpis.length > 0)
    out.push(
      heading(3, 'Where each number came from'),
      para(
        'A value read from referenced runs is their median (several runs are replicates, and give the interval above: Welch on the logarithms of the run values); a typed value is checked against the runs and baseline row of its service, endpoint, phase and KPI, and marked "typed, no evidence" when there are none. A typed n and stdev are shown, never tested.',
      ),
      table(
        ['Service', 'Endpoint', 'KPI', 'Before from', 'After from', 'Smallest detectable change'],
        m.evaluation.deltas.kpis.map(sourceRow),
      ),
    );
  return out;
}

export function sloSection(m: ReportModel): Block[] {
  const s = m.input.artifacts['slo-update-record'];
  const out: Block[] = [heading(2, 'SLO changes')];
  if (!s) return [...out, para('No valid slo-update-record.json.')];
  out.push(
    tableOr(
      'No SLO changes recorded.',
      ['Service', 'SLI', 'Objective', 'Window', 'Alert threshold', 'Rationale'],
      s.slos.map((x): Cell[] => [
        code(x.service),
        x.sli,
        `${num(x.objective_before)} → ${num(x.objective_after)}`,
        x.window,
        x.alert_threshold_before !== undefined || x.alert_threshold_after !== undefined
          ? `${num(x.alert_threshold_before) ?? '—'} → ${num(x.alert_threshold_after) ?? '—'}`
          : null,
        x.rationale,
      ]),
    ),
    para(`Approval: ${s.approval.status}.`),
  );
  if (s.approval.approvals.length > 0)
    out.push(list(s.approval.approvals.map((a) => `${a.name} (${a.role}), signed ${a.signed_at}`)));
  return out;
}

export function backlogSection(m: ReportModel): Block[] {
  const notes = m.input.artifacts['continuous-improvement-notes'];
  return [
    heading(2, 'Improvement backlog'),
    tableOr(
      notes
        ? 'No "Action:" items in continuous-improvement-notes.md.'
        : 'No valid continuous-improvement-notes.md.',
      ['Action', 'Consumer'],
      (notes?.actions ?? []).map((a) => [a.action, a.consumer]),
    ),
  ];
}
