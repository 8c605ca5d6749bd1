/** Gate 1: the number of telemetry sources documented in the intake. */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { plural } from '../../format/plural.ts';

export const telemetrySources = defineCriterion({
  id: 'telemetry_sources',
  gate: 1,
  needs: ['performance-intake-report'],
  reads: ['performance-intake-report'],
  operator: '>=',
  unit: 'count',
  formula: 'number of telemetry sources',
  configKey: 'baseline.min_telemetry_sources',
  threshold: (c) => c.baseline.min_telemetry_sources,
  label: (t) => `>= ${String(t)} telemetry sources documented`,
  measure(ctx) {
    const sources = ctx.model.intake?.sources ?? [];
    const items = sources.map((s, i) => ({
      kind: 'source',
      id: s.name,
      counted: true,
      value: s.kind,
      file: fileOf('performance-intake-report'),
      pointer: `/telemetry_sources/${i}`,
    }));
    return {
      actual: sources.length,
      numerator: sources.length,
      items,
      summary: `${plural(sources.length, 'telemetry source')} (${sources.map((s) => s.kind).join(', ') || 'none'})`,
    };
  },
});
