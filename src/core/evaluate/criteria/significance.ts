/**
 * Gate 3 (only when `optimization.significance_alpha` is set): Welch's t-test on the run-level
 * values of every target (ARTIFACTS.md section 3, "Statistics"), Holm-corrected across targets. A
 * target with fewer than two referenced runs on a side cannot be tested, and then the criterion is
 * not evaluable, naming the runs missing: it never passes on typed n and stdev.
 */
import { fileOf, kpiLabel, type MeasuredKpi } from '../context.ts';
import { KPI_EVIDENCE, referencedEvidence } from '../evidence/needs.ts';
import { defineCriterion } from '../criterion.ts';
import { holm } from '../evidence/holm.ts';
import { itemFrom } from '../evidence/item-from.ts';
import { runsMissing } from '../evidence/runs-missing.ts';
import { formatP, formatPAgainst } from '../../format/index.ts';
import { fmt, list, num } from '../safe.ts';
import type { CountedItem } from '../types.ts';
import { plural } from '../../format/plural.ts';

/** Why a target has no test: the runs missing, or the reason the statistics gave. */
function untested(k: MeasuredKpi): string {
  return runsMissing(k.sides) ?? k.noStats ?? 'no run-level values';
}

export const significance = defineCriterion({
  id: 'significance',
  gate: 3,
  needs: ['optimization-validation-report'],
  reads: ['optimization-validation-report', ...KPI_EVIDENCE],
  evidenceReads: KPI_EVIDENCE,
  needsOf: referencedEvidence,
  operator: '<=',
  unit: 'p',
  formula:
    "largest Holm-adjusted two-sided p-value over targets of Welch's t-test on the logarithms of the referenced runs' values (two or more runs per side); typed n and stdev are never tested",
  configKey: 'optimization.significance_alpha',
  threshold: (c) => c.optimization.significance_alpha,
  applies: (c) => num(c.optimization.significance_alpha) !== null,
  label: (t) => `Welch's t-test on runs p <= ${String(t)} on every target (Holm-corrected)`,
  measure(ctx, threshold) {
    const targets = ctx.kpis.filter((k) => k.item.role === 'target');
    if (targets.length === 0) return { notEvaluable: 'no targets in optimization-validation-report.json' };
    const tested = targets.filter((k) => k.stats !== null);
    const holmP = holm(tested.map((k) => k.stats!.p));
    const adjusted = new Map(tested.map((k, i) => [k, holmP[i]!]));
    const items: CountedItem[] = targets.map((k) => {
      const s = k.stats;
      const adj = adjusted.get(k);
      return {
        kind: 'target',
        id: kpiLabel(k.item),
        counted: s !== null,
        value: adj ?? null,
        file: fileOf('optimization-validation-report'),
        pointer: `/targets/${k.item.index}`,
        from: itemFrom(k),
        note: s
          ? `Holm-adjusted p over ${plural(tested.length, 'target')}; raw p = ${formatP(s.p)}, t = ${fmt(s.t)}, df = ${fmt(s.df)} on ${s.n_before} + ${s.n_after} runs`
          : `not tested: ${untested(k)}`,
      };
    });
    const missing = targets.filter((k) => k.stats === null);
    if (missing.length > 0)
      return {
        notEvaluable: `${missing.length} of ${plural(targets.length, 'target')} without run-level values to test (two or more referenced runs per side): ${list(missing.map((k) => `${kpiLabel(k.item)} (${untested(k)})`))}`,
        items,
      };
    const worst = tested.reduce((a, b) => (adjusted.get(b)! > adjusted.get(a)! ? b : a));
    const p = adjusted.get(worst)!;
    const holmNote =
      tested.length > 1
        ? `Holm-corrected for ${tested.length} targets tested`
        : 'one target tested, no correction needed';
    return {
      actual: p,
      numerator: tested.length,
      denominator: targets.length,
      items,
      evidence: [...new Set(items.flatMap((i) => i.from?.files ?? []))],
      summary: `largest p ${formatPAgainst(p, threshold as number)} (${kpiLabel(worst.item)}), ${holmNote}; Welch's t on the runs' logarithms`,
    };
  },
});
