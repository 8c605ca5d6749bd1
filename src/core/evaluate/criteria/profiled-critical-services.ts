/** Gate 2: critical services profiled with a flame graph attached. */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import type { CountedItem } from '../types.ts';
import { criticalServices } from './common.ts';
import { profiledServices } from './diagnostic-coverage.ts';

export const profiledCriticalServices = defineCriterion({
  id: 'profiled_critical_services',
  gate: 2,
  needs: ['performance-intake-report', 'profiling-report'],
  reads: ['performance-intake-report', 'profiling-report'],
  operator: '>=',
  unit: 'count',
  formula: 'critical services whose profiling section links a flame graph',
  configKey: 'diagnostics.min_profiled_critical',
  threshold: (c) => c.diagnostics.min_profiled_critical,
  label: (t) => `>= ${String(t)} critical services profiled with flame graphs attached`,
  measure(ctx) {
    const critical = criticalServices(ctx);
    const profiled = profiledServices(ctx);
    const graphs = (name: string) =>
      (ctx.model.profiling ?? []).filter((s) => s.service === name).flatMap((s) => s.flameGraphs);
    const items: CountedItem[] = critical.map((s) => {
      const g = graphs(s.name);
      return {
        kind: 'service',
        id: s.name,
        counted: profiled.has(s.name),
        file: fileOf('profiling-report'),
        ...(g.length ? { value: g.join(', ') } : { note: 'no flame graph linked' }),
      };
    });
    if (critical.length === 0)
      return { notEvaluable: 'no critical service in the intake report', items, denominator: 0 };
    const numerator = items.filter((i) => i.counted).length;
    const evidence = [...new Set(items.flatMap((i) => (i.counted ? graphs(i.id) : [])))];
    return {
      actual: numerator,
      numerator,
      denominator: critical.length,
      items,
      evidence,
      summary: `${numerator} of ${critical.length} critical services profiled with a flame graph`,
    };
  },
});
