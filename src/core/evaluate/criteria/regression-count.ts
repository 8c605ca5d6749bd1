/** Gate 3: monitored KPIs and targets that got worse than their tolerance. */
import { fileOf, kpiLabel, type MeasuredKpi } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { regressionWords } from '../../format/index.ts';
import { fmt, get, list } from '../safe.ts';
import { plural } from '../../format/plural.ts';
import type { CountedItem } from '../types.ts';

/** `inventory-sync latency_p95_ms 18.0 % worse, beyond the 5 % tolerance` (improvement -18.0 %). */
export function regressionText(k: MeasuredKpi): string {
  const tol = k.tolerancePct ?? 0;
  if (k.improvement === null)
    return `${kpiLabel(k.item)} ${fmt(k.before ?? NaN)} -> ${fmt(k.after ?? NaN)}, worse beyond the ${fmt(tol)} % tolerance`;
  return `${kpiLabel(k.item)} ${regressionWords(k.improvement, tol)}`;
}

export const regressionCount = defineCriterion({
  id: 'regression_count',
  gate: 3,
  needs: ['optimization-validation-report'],
  reads: ['optimization-validation-report'],
  operator: '<=',
  unit: 'count',
  itemUnit: 'improvement',
  formula:
    'monitored KPIs and targets with -improvement x 100 > tolerance_pct (default optimization.regression_tolerance_pct)',
  configKey: 'optimization.max_regressions',
  threshold: (c) => get(c, 'optimization', 'max_regressions'),
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
        counted: k.regression,
        value: k.improvement,
        file: fileOf('optimization-validation-report'),
        pointer: `/${k.item.role === 'target' ? 'targets' : 'monitored'}/${k.item.index}`,
      };
      if (k.regression) item.note = regressionText(k);
      else if (!judged(k)) item.note = 'not computable';
      return item;
    });
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
      summary: `${regressions.length ? list(regressions.map(regressionText)) : `no regression over ${plural(judgedCount, 'KPI')}`}${skipped ? `; ${skipped} not computable` : ''}`,
    };
  },
});
