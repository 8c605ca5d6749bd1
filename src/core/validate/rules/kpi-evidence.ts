/**
 * optimization-validation-report.json against its evidence (ARTIFACTS.md section 2, "Numbers tied
 * to their evidence"): every reference must name runs of the KPI's service and phase that report the
 * KPI (or the service's baseline row, for a before), and every typed number must agree with the runs
 * and baseline row of its service, endpoint, phase and KPI where there are any.
 */
import { pointerOf } from '../../diagnostics.ts';
import { evidenceText } from '../../contract/kpi-evidence/describe.ts';
import { resolveSide } from '../../contract/kpi-evidence/references.ts';
import { agreesWith, type Evidence } from '../../contract/kpi-evidence/typed-check.ts';
import type { EvidenceValue, Side } from '../../contract/kpi-evidence/types.ts';
import type { LoadedArtifact } from '../../load/cycle.ts';
import type { MonitoredKpi, ValidationTarget } from '../../types/artifacts.generated.ts';
import { MAX_HINT_NAMES, type Reporter, type Rule } from './context.ts';

/** The reference that would replace a typed number: the runs it agrees with, else the baseline row. */
function suggestion(side: Side, agreeing: EvidenceValue[]): string {
  const runs = agreeing.filter((e) => e.kind === 'run').map((e) => `"${e.id}"`);
  if (runs.length > 0) return `"${side}": {"runs": [${runs.slice(0, MAX_HINT_NAMES).join(', ')}]}`;
  const row = agreeing.find((e) => e.kind === 'row');
  return `"${side}": {"baseline": {${row?.endpoint !== undefined ? `"endpoint": ${JSON.stringify(row.endpoint)}` : ''}}}`;
}

function evidenceList(list: readonly EvidenceValue[]): string {
  const shown = list.slice(0, MAX_HINT_NAMES).map(evidenceText).join(', ');
  return list.length > MAX_HINT_NAMES ? `${shown} and ${list.length - MAX_HINT_NAMES} more` : shown;
}

function checkItem(
  r: Reporter,
  a: LoadedArtifact,
  ev: Evidence,
  t: ValidationTarget | MonitoredKpi,
  at: string,
): void {
  const endpoint = 'endpoint' in t ? t.endpoint : undefined;
  const key = { service: t.service, kpi: t.kpi, endpoint };
  const label = [t.service, endpoint, t.kpi].filter(Boolean).join(' ');
  for (const side of ['before', 'after'] as const) {
    const resolved = resolveSide(t[side], key, side, ev);
    const base = `${at}/${side}`;
    for (const p of resolved.problems) r.error(a, p.code, `${base}${p.pointer}`, p.message, p.hint);
    const s = resolved.source;
    if (s.kind !== 'typed') continue;
    if (s.check.state === 'disagrees')
      r.error(
        a,
        'kpi.disagrees-with-evidence',
        base,
        `Unexpected ${side} ${s.value} for ${label}: the evidence of its service, phase and KPI reports other values: ${evidenceList(s.check.evidence)}`,
        `Reference the evidence instead of typing it (perfgate then reads the value), e.g. ${suggestion(side, s.check.evidence.slice(0, 1))}; or correct the number.`,
      );
    else if (s.check.state === 'agrees') {
      const agreeing = s.check.evidence.filter((e) => agreesWith(s.value, e.value));
      r.error(
        a,
        'kpi.typed-agrees',
        base,
        `Typed ${side} ${s.value} for ${label} agrees with ${evidenceList(agreeing)}; a reference would read it from there`,
        `Reference the evidence so that the value is read, not copied: ${suggestion(side, agreeing)}.`,
        'info',
      );
    }
  }
}

/** References resolve to evidence of the KPI's service and phase; typed numbers agree with theirs. */
export const kpiEvidenceRule: Rule = ({ r, valid }) => {
  const a = valid['optimization-validation-report'];
  if (!a) return;
  const report = a.data;
  const tests = valid['load-test-results']?.data;
  const ev: Evidence = {
    runs: tests?.runs,
    baseline: valid['baseline-metrics']?.data.rows,
    environment: report.environment,
    runsEnvironment: tests?.environment,
  };
  report.targets?.forEach((t, i) => checkItem(r, a, ev, t, pointerOf('targets', i)));
  report.monitored?.forEach((m, i) => checkItem(r, a, ev, m, pointerOf('monitored', i)));
};
