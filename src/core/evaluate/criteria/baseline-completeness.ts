/** Gate 1: share of (prioritized service, required KPI) cells with a number in the baseline. */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { formatThreshold } from '../../format/index.ts';
import { num } from '../safe.ts';
import type { CountedItem } from '../types.ts';
import { distinct, pairShare, prioritizedServices } from './common.ts';

/** A row's own cell as a finite number (a KPI named like an Object member reads nothing). */
const cell = (row: Record<string, unknown>, kpi: string): number | null =>
  Object.hasOwn(row, kpi) ? num(row[kpi]) : null;

export const baselineCompleteness = defineCriterion({
  id: 'baseline_completeness',
  gate: 1,
  needs: ['performance-intake-report', 'baseline-metrics'],
  reads: ['performance-intake-report', 'baseline-metrics'],
  operator: '>=',
  unit: 'ratio',
  formula: 'present KPI cells / (prioritized services x baseline.required_kpis)',
  configKey: 'baseline.completeness_threshold',
  threshold: (c) => c.baseline.completeness_threshold,
  label: (t) => `Baseline completeness >= ${formatThreshold('ratio', t)} across prioritized services`,
  measure(ctx) {
    const services = prioritizedServices(ctx);
    const kpis = distinct(ctx.config.baseline.required_kpis);
    const rows = ctx.model.baseline ?? [];
    const items: CountedItem[] = [];
    for (const s of services) {
      const own = rows.filter((r) => r.service === s.name);
      for (const kpi of kpis) {
        // Present if ANY row of the service (one per endpoint) has a number in the column.
        const row = own.find((r) => cell(r.row, kpi) !== null);
        const item: CountedItem = {
          kind: 'cell',
          id: `${s.name}/${kpi}`,
          counted: row !== undefined,
          file: fileOf('baseline-metrics'),
        };
        if (row) {
          item.value = cell(row.row, kpi);
          item.pointer = `/rows/${row.index}/${kpi}`;
        } else item.note = own.length === 0 ? 'no baseline row for the service' : `no number in ${kpi}`;
        items.push(item);
      }
    }
    return pairShare(items, services.length, kpis.length, 'baseline.required_kpis', {
      counted: 'KPI cells present',
      gaps: 'missing',
    });
  },
});
