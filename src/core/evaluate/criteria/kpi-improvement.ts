/**
 * Gate 3: the smallest direction-aware improvement over targets. A target under the threshold
 * passes only with a signed exception in force, shown beside the result; an exception never lifts
 * a regression.
 */
import { fileOf, kpiLabel, type MeasuredKpi } from '../context.ts';
import { defineCriterion, type Exceptions } from '../criterion.ts';
import { formatAgainst, formatImprovement, formatThreshold } from '../../format/index.ts';
import { get, list, round } from '../safe.ts';
import type { CountedItem } from '../types.ts';

/** Why a target's improvement cannot be computed (it then counts as not improved). */
function whyNotComputable(k: MeasuredKpi): string {
  if (k.direction === null)
    return `direction of ${k.item.kpi} unknown (set it under kpis: in the config): not improved`;
  if (k.before === null || k.after === null) return 'no numeric before/after value: not improved';
  if (k.before === 0) return 'before is 0: improvement not computable, not improved';
  return 'improvement not computable: not improved';
}

function note(k: MeasuredKpi, excepted: boolean, under: boolean): string | undefined {
  if (k.improvement === null) return whyNotComputable(k);
  if (excepted) return `under threshold, signed exception by ${k.item.exception?.approved_by ?? '?'}`;
  if (!under || !k.item.exception) return undefined;
  if (k.regression) return 'regression: the signed exception does not apply';
  return k.exceptionInForce ? undefined : 'exception approved after the evaluation time: not in force';
}

export const kpiImprovement = defineCriterion({
  id: 'kpi_improvement',
  gate: 3,
  needs: ['optimization-plan', 'optimization-validation-report'],
  reads: ['optimization-plan', 'optimization-validation-report'],
  operator: '>=',
  unit: 'ratio',
  itemUnit: 'improvement',
  formula:
    'min over targets without exception of (before - after) / |before| (lower is better) or (after - before) / |before| (higher is better)',
  configKey: 'optimization.improvement_threshold',
  threshold: (c) => get(c, 'optimization', 'improvement_threshold'),
  label: (t) =>
    `Improvement >= ${formatThreshold('ratio', t)} on targeted KPI or signed exception with mitigation`,
  measure(ctx, threshold) {
    const targets = ctx.kpis.filter((k) => k.item.role === 'target');
    if (targets.length === 0) return { notEvaluable: 'no targets in optimization-validation-report.json' };
    const t = threshold as number;
    const under = (k: MeasuredKpi) => k.improvement !== null && round(k.improvement) < round(t);
    const excepted = (k: MeasuredKpi) => under(k) && k.exceptionInForce && !k.regression;
    const items: CountedItem[] = targets.map((k) => {
      const n = note(k, excepted(k), under(k));
      return {
        kind: 'target',
        id: kpiLabel(k.item),
        counted: !excepted(k),
        value: k.improvement,
        file: fileOf('optimization-validation-report'),
        pointer: `/targets/${k.item.index}`,
        ...(n ? { note: n } : {}),
      };
    });
    const computable = targets.filter((k) => k.improvement !== null);
    // A target that cannot be computed is not improved: it is named, never dropped.
    const blocked = targets.filter((k) => k.improvement === null);
    const blockedText = list(blocked.map((k) => `${kpiLabel(k.item)} (${whyNotComputable(k)})`));
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
      improvement: k.improvement as number,
    }));
    const pool = decisive.length > 0 ? decisive : withException;
    const worst = pool.reduce((a, b) => ((b.improvement as number) < (a.improvement as number) ? b : a));
    const value = worst.improvement as number;
    const excNote = exceptions.length
      ? `; ${exceptions.length} under threshold with signed exception (${list(exceptions.map((e) => `${e.service} ${e.kpi} ${formatImprovement(e.improvement)}`))})`
      : '';
    const skipNote = blocked.length
      ? `; ${blocked.length} target${blocked.length === 1 ? '' : 's'} not improved: ${blockedText}`
      : '';
    const head =
      blocked.length > 0
        ? `fails: ${blocked.length} target${blocked.length === 1 ? '' : 's'} without a computable improvement; smallest computed ${formatImprovement(value)} (${kpiLabel(worst.item)})`
        : round(value) >= round(t) || decisive.length === 0
          ? `smallest improvement ${formatAgainst('ratio', value, t)} (${kpiLabel(worst.item)})`
          : `${kpiLabel(worst.item)} improved ${formatAgainst('ratio', value, t)} < ${formatThreshold('ratio', t)}`;
    return {
      actual: value,
      numerator: decisive.length,
      denominator: targets.length,
      items,
      summary: `${head}${excNote}${skipNote}`,
      exceptions,
      passByExceptions: decisive.length === 0 && blocked.length === 0,
      blocked: blocked.length > 0,
    };
  },
});
