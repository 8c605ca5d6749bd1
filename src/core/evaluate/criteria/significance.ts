/** Gate 3 (only when `optimization.significance_alpha` is set): Welch's t-test on targets. */
import { fileOf, kpiLabel } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { formatPAgainst } from '../../format/index.ts';
import { fmt, get, num } from '../safe.ts';
import type { CountedItem } from '../types.ts';

export const significance = defineCriterion({
  id: 'significance',
  gate: 3,
  needs: ['optimization-validation-report'],
  reads: ['optimization-validation-report'],
  operator: '<=',
  unit: 'p',
  formula: "largest two-sided p-value of Welch's t-test over targets giving n and stdev before and after",
  configKey: 'optimization.significance_alpha',
  threshold: (c) => get(c, 'optimization', 'significance_alpha'),
  applies: (c) => num(get(c, 'optimization', 'significance_alpha')) !== null,
  label: (t) => `Welch's t-test p <= ${String(t)} on every sampled target`,
  measure(ctx, threshold) {
    const targets = ctx.kpis.filter((k) => k.item.role === 'target');
    const items: CountedItem[] = targets.map((k) => ({
      kind: 'target',
      id: kpiLabel(k.item),
      counted: k.welch !== null,
      value: k.welch?.p ?? null,
      file: fileOf('optimization-validation-report'),
      pointer: `/targets/${k.item.index}`,
      note: k.welch ? `t = ${fmt(k.welch.t)}, df = ${fmt(k.welch.df)}` : 'no n >= 2 and stdev on both sides',
    }));
    const tested = targets.filter((k) => k.welch !== null);
    if (tested.length === 0) return { notEvaluable: 'no target gives n and stdev before and after', items };
    const worst = tested.reduce((a, b) => ((b.welch?.p ?? 0) > (a.welch?.p ?? 0) ? b : a));
    const p = worst.welch?.p ?? NaN;
    return {
      actual: p,
      numerator: tested.length,
      denominator: targets.length,
      items,
      summary: `largest p ${formatPAgainst(p, threshold as number)} (${kpiLabel(worst.item)}) over ${tested.length} tested target${tested.length === 1 ? '' : 's'}`,
    };
  },
});
