/**
 * Gate 3: the smallest direction-aware improvement over targets. A target under the threshold
 * passes only with a signed exception in force, shown beside the result; an exception never lifts
 * a regression.
 */
import { fileOf, kpiLabel, type MeasuredKpi } from '../context.ts';
import { KPI_EVIDENCE, referencedEvidence } from '../evidence/needs.ts';
import { defineCriterion, type Exceptions } from '../criterion.ts';
import { confidenceOf } from '../evidence/config.ts';
import { itemFrom } from '../evidence/item-from.ts';
import { improvementInterval } from '../evidence/run-stats.ts';
import { formatAgainst, formatImprovement, formatThreshold } from '../../format/index.ts';
import { list, round } from '../safe.ts';
import type { CountedItem } from '../types.ts';
import { plural } from '../../format/plural.ts';

/** The improvement a target is decided on: the point estimate, or with a confidence level the lower bound of its interval. */
function decidedValue(k: MeasuredKpi, level: number | null): number | null {
  if (k.refused !== null) return null;
  if (k.improvement === null || level === null) return k.improvement;
  return k.stats && k.direction ? improvementInterval(k.stats, level, k.direction)[0] : null;
}

/** Why a target's improvement cannot be computed (it then counts as not improved). */
function whyNotComputable(k: MeasuredKpi, level: number | null): string {
  if (k.refused !== null) return `${k.refused}: not improved`;
  if (k.direction === null)
    return `direction of ${k.item.kpi} unknown (set it under kpis: in the config): not improved`;
  if (k.before === null || k.after === null) return 'no numeric before/after value: not improved';
  if (k.before === 0) return 'before is 0: improvement not computable, not improved';
  if (level !== null && k.improvement !== null)
    return `no ${fmtLevel(level)} interval to take the lower bound of (${k.noStats ?? 'no run-level values'}; optimization.confidence needs two or more referenced runs per side): not improved`;
  return 'improvement not computable: not improved';
}

const fmtLevel = (level: number) => `${round(level * 100)} %`;

function note(k: MeasuredKpi, level: number | null, excepted: boolean, under: boolean): string | undefined {
  if (decidedValue(k, level) === null) return whyNotComputable(k, level);
  if (excepted) return `under threshold, signed exception by ${k.item.exception?.approved_by ?? '?'}`;
  if (!under || !k.item.exception) return undefined;
  if (k.regression) return 'regression: the signed exception does not apply';
  return k.exceptionInForce ? undefined : 'exception approved after the evaluation time: not in force';
}

export const kpiImprovement = defineCriterion({
  id: 'kpi_improvement',
  gate: 3,
  needs: ['optimization-plan', 'optimization-validation-report'],
  reads: ['optimization-plan', 'optimization-validation-report', ...KPI_EVIDENCE],
  evidenceReads: KPI_EVIDENCE,
  needsOf: referencedEvidence,
  operator: '>=',
  unit: 'ratio',
  itemUnit: 'improvement',
  formula:
    'min over targets without exception of (before - after) / |before| (lower is better) or (after - before) / |before| (higher is better); with optimization.confidence set, of the lower bound of the confidence interval of each improvement at that level (Welch on the logarithms of two or more referenced runs per side)',
  configKey: 'optimization.improvement_threshold',
  threshold: (c) => c.optimization.improvement_threshold,
  label: (t) =>
    `Improvement >= ${formatThreshold('ratio', t)} on targeted KPI or signed exception with mitigation`,
  measure(ctx, threshold) {
    const targets = ctx.kpis.filter((k) => k.item.role === 'target');
    if (targets.length === 0) return { notEvaluable: 'no targets in optimization-validation-report.json' };
    const t = threshold as number;
    const level = confidenceOf(ctx.config);
    const value = new Map(targets.map((k) => [k, decidedValue(k, level)]));
    const v = (k: MeasuredKpi) => value.get(k) ?? null;
    const under = (k: MeasuredKpi) => v(k) !== null && round(v(k)!) < round(t);
    const excepted = (k: MeasuredKpi) => under(k) && k.exceptionInForce && !k.regression;
    const items: CountedItem[] = targets.map((k) => {
      const n = note(k, level, excepted(k), under(k));
      return {
        kind: 'target',
        id: kpiLabel(k.item),
        counted: !excepted(k),
        value: v(k),
        file: fileOf('optimization-validation-report'),
        pointer: `/targets/${k.item.index}`,
        ...(n ? { note: n } : {}),
        from: itemFrom(k),
      };
    });
    const computable = targets.filter((k) => v(k) !== null);
    // A target that cannot be computed is not improved: it is named, never dropped.
    const blocked = targets.filter((k) => v(k) === null);
    const blockedText = list(blocked.map((k) => `${kpiLabel(k.item)} (${whyNotComputable(k, level)})`));
    if (computable.length === 0)
      return { notEvaluable: `no target has a computable improvement: ${blockedText}`, items };
    const withException = computable.filter(excepted);
    const decisive = computable.filter((k) => !excepted(k));
    const exceptions: Exceptions = withException.map((k) => ({
      service: k.item.service,
      kpi: k.item.kpi,
      approved_by: k.item.exception?.approved_by ?? '',
      approved_at: k.item.exception?.approved_at ?? '',
      mitigation: k.item.exception?.mitigation ?? '',
      improvement: v(k) as number,
    }));
    const pool = decisive.length > 0 ? decisive : withException;
    const worst = pool.reduce((a, b) => (v(b)! < v(a)! ? b : a));
    const actual = v(worst)!;
    const what = level === null ? 'improvement' : `lower bound of the ${fmtLevel(level)} interval`;
    const excNote = exceptions.length
      ? `; ${exceptions.length} under threshold with signed exception (${list(exceptions.map((e) => `${e.service} ${e.kpi} ${formatImprovement(e.improvement)}`))})`
      : '';
    const skipNote = blocked.length
      ? `; ${plural(blocked.length, 'target')} not improved: ${blockedText}`
      : '';
    const head =
      blocked.length > 0
        ? `fails: ${plural(blocked.length, 'target')} without a computable ${what}; smallest computed ${formatImprovement(actual)} (${kpiLabel(worst.item)})`
        : round(actual) >= round(t) || decisive.length === 0
          ? `smallest ${what} ${formatAgainst('ratio', actual, t)} (${kpiLabel(worst.item)})`
          : `${kpiLabel(worst.item)} improved ${level === null ? '' : `(${what}) `}${formatAgainst('ratio', actual, t)} < ${formatThreshold('ratio', t)}`;
    return {
      actual,
      numerator: decisive.length,
      denominator: targets.length,
      items,
      summary: `${head}${excNote}${skipNote}`,
      exceptions,
      evidence: [...new Set(items.flatMap((i) => i.from?.files ?? []))],
      passByExceptions: decisive.length === 0 && blocked.length === 0,
      blocked: blocked.length > 0,
    };
  },
});
