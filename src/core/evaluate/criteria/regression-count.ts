/** Gate 3: monitored KPIs and targets that got worse than their tolerance. */
import { fileOf, kpiLabel, type MeasuredKpi } from '../context.ts';
import { KPI_EVIDENCE, referencedEvidence } from '../evidence/needs.ts';
import { defineCriterion } from '../criterion.ts';
import { itemFrom } from '../evidence/item-from.ts';
import { runsMissing } from '../evidence/runs-missing.ts';
import { formatImprovement, regressionWords } from '../../format/index.ts';
import { fmt, list } from '../safe.ts';
import { plural } from '../../format/plural.ts';
import type { CountedItem } from '../types.ts';

/** `inventory-sync latency_p95_ms 18.0 % worse, beyond the 5 % tolerance` (improvement -18.0 %). */
export function regressionText(k: MeasuredKpi): string {
  const tol = k.tolerancePct ?? 0;
  if (k.improvement === null)
    return `${kpiLabel(k.item)} ${fmt(k.before ?? NaN)} -> ${fmt(k.after ?? NaN)}, worse beyond the ${fmt(tol)} % tolerance`;
  return `${kpiLabel(k.item)} ${regressionWords(k.improvement, tol)}`;
}

/**
 * Whether the runs settle a regression (ARTIFACTS.md section 3): "confirmed" when its whole 95 %
 * interval lies beyond the tolerance; otherwise it still counts, "not confirmed: more runs would decide".
 */
export function confirmationText(k: MeasuredKpi): string {
  const ci = k.stats?.ci95;
  if (k.confirmed && ci)
    return `confirmed: the whole 95 % interval (${formatImprovement(ci[0])} to ${formatImprovement(ci[1])}) is beyond the tolerance`;
  const why = ci
    ? `its 95 % interval (${formatImprovement(ci[0])} to ${formatImprovement(ci[1])}) reaches within the tolerance`
    : `no run-level interval (${runsMissing(k.sides) ?? k.noStats ?? 'no replicates'})`;
  return `not confirmed: more runs would decide (${why}); it counts`;
}

export const regressionCount = defineCriterion({
  id: 'regression_count',
  gate: 3,
  needs: ['optimization-validation-report'],
  reads: ['optimization-validation-report', ...KPI_EVIDENCE],
  evidenceReads: KPI_EVIDENCE,
  needsOf: referencedEvidence,
  operator: '<=',
  unit: 'count',
  itemUnit: 'improvement',
  formula:
    'monitored KPIs and targets with -improvement x 100 > tolerance_pct (default optimization.regression_tolerance_pct)',
  configKey: 'optimization.max_regressions',
  threshold: (c) => c.optimization.max_regressions,
  label: (t) =>
    t === 0
      ? 'Regression count = 0 across monitored endpoints'
      : `Regression count <= ${String(t)} across monitored endpoints`,
  measure(ctx) {
    const all = ctx.kpis;
    if (all.length === 0)
      return { notEvaluable: 'no monitored KPI and no target in optimization-validation-report.json' };
    // A KPI of unknown direction is judged on its move either way (context.ts isRegression).
    const judged = (k: MeasuredKpi) =>
      k.tolerancePct !== null &&
      (k.improvement !== null ||
        (k.before === 0 && k.after !== null) ||
        (k.direction === null && k.before !== null && k.after !== null));
    const items: CountedItem[] = all.map((k) => {
      const item: CountedItem = {
        kind: k.item.role,
        id: kpiLabel(k.item),
        counted: k.regression && k.refused === null,
        value: k.improvement,
        file: fileOf('optimization-validation-report'),
        pointer: `/${k.item.role === 'target' ? 'targets' : 'monitored'}/${k.item.index}`,
      };
      if (k.refused !== null) item.note = `not judged: ${k.refused}`;
      else if (k.regression) item.note = `${regressionText(k)}; ${confirmationText(k)}`;
      else if (!judged(k)) item.note = 'not computable';
      item.from = itemFrom(k);
      return item;
    });
    // A KPI whose evidence is broken or contradicts it cannot be judged, and nothing passes over it.
    const refused = all.filter((k) => k.refused !== null);
    if (refused.length > 0)
      return {
        notEvaluable: `the evidence does not support ${list(refused.map((k) => `${kpiLabel(k.item)} (${k.refused})`))}`,
        items,
      };
    const judgedCount = all.filter(judged).length;
    if (judgedCount === 0)
      return { notEvaluable: 'no monitored KPI or target with computable before/after values', items };
    const regressions = all.filter((k) => k.regression);
    const skipped = all.length - judgedCount;
    return {
      actual: regressions.length,
      numerator: regressions.length,
      denominator: judgedCount,
      items,
      evidence: [...new Set(items.flatMap((i) => i.from?.files ?? []))],
      summary: `${regressions.length ? list(regressions.map((k) => `${regressionText(k)} (${k.confirmed ? 'confirmed' : 'not confirmed: more runs would decide'})`)) : `no regression over ${plural(judgedCount, 'KPI')}`}${skipped ? `; ${skipped} not computable` : ''}`,
    };
  },
});
