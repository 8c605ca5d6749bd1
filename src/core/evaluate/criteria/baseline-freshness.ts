/** Gate 1: the largest distance between the intake's generated_at and a baseline row's collected_at. */
import { formatAgainst, formatThreshold } from '../../format/index.ts';
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { time } from '../safe.ts';
import type { CountedItem } from '../types.ts';
import { prioritizedServices } from './common.ts';

const HOUR = 3_600_000;

export const baselineFreshness = defineCriterion({
  id: 'baseline_freshness_hours',
  gate: 1,
  needs: ['performance-intake-report', 'baseline-metrics'],
  reads: ['performance-intake-report', 'baseline-metrics'],
  operator: '<=',
  unit: 'hours',
  formula: "max |intake generated_at - row collected_at| over prioritized services' rows, in hours",
  configKey: 'baseline.freshness_hours',
  threshold: (c) => c.baseline.freshness_hours,
  label: (t) => `Baseline freshness <= ${formatThreshold('hours', t)}`,
  measure(ctx, threshold) {
    const generated = time(ctx.model.intake?.generatedAt);
    if (generated === null) return { notEvaluable: 'the intake report has no readable generated_at' };
    const names = new Set(prioritizedServices(ctx).map((s) => s.name));
    const rows = (ctx.model.baseline ?? []).filter((r) => names.has(r.service));
    const items: CountedItem[] = rows.map((r) => {
      const t = time(r.collectedAt);
      const item: CountedItem = {
        kind: 'row',
        id: `${r.service} row ${r.index + 1}`,
        counted: t !== null,
        value: t === null ? null : Math.abs(generated - t) / HOUR,
        file: fileOf('baseline-metrics'),
        pointer: `/rows/${r.index}/collected_at`,
      };
      if (t === null) item.note = 'unreadable collected_at';
      return item;
    });
    if (items.length === 0) return { notEvaluable: 'no baseline row of a prioritized service', items };
    const unreadable = items.find((i) => !i.counted);
    // A row whose age cannot be read could be arbitrarily stale: never pass on it.
    if (unreadable) return { notEvaluable: `${unreadable.id} has an unreadable collected_at`, items };
    const worst = items.reduce((a, b) => ((b.value as number) > (a.value as number) ? b : a));
    const hours = worst.value as number;
    return {
      actual: hours,
      items,
      summary: `oldest row ${formatAgainst('hours', hours, threshold)} from the intake's generated_at (${worst.id})`,
    };
  },
});
