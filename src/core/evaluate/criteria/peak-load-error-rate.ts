/** Gate 2: the largest error rate over load runs (baseline and after). */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { formatAgainst, formatThreshold } from '../../format/index.ts';
import type { CountedItem } from '../types.ts';
import { plural } from '../../format/plural.ts';

export const peakLoadErrorRate = defineCriterion({
  id: 'peak_load_error_rate_pct',
  gate: 2,
  needs: ['load-test-results'],
  reads: ['load-test-results'],
  operator: '<=',
  unit: 'pct',
  formula: 'max error_rate_pct over runs of kind load',
  configKey: 'diagnostics.max_peak_error_rate_pct',
  threshold: (c) => c.diagnostics.max_peak_error_rate_pct,
  label: (t) => `Peak load error rate <= ${formatThreshold('pct', t)}`,
  measure(ctx, threshold) {
    const runs = (ctx.model.runs ?? []).filter((r) => r.kind === 'load');
    const items: CountedItem[] = runs.map((r) => ({
      kind: 'run',
      id: r.id,
      counted: r.errorRate !== null,
      value: r.errorRate,
      file: fileOf('load-test-results'),
      pointer: `/runs/${r.index}/error_rate_pct`,
      ...(r.errorRate === null ? { note: 'no error_rate_pct' } : {}),
    }));
    if (runs.length === 0) return { notEvaluable: 'no run of kind load in load-test-results.json', items };
    const unreadable = runs.find((r) => r.errorRate === null);
    if (unreadable) return { notEvaluable: `run ${unreadable.id} has no readable error_rate_pct`, items };
    const worst = runs.reduce((a, b) => ((b.errorRate as number) > (a.errorRate as number) ? b : a));
    return {
      actual: worst.errorRate as number,
      items,
      summary: `peak ${formatAgainst('pct', worst.errorRate, threshold)} in run ${worst.id} (${plural(runs.length, 'load run')})`,
    };
  },
});
