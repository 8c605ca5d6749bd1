/** Gate 1: share of (prioritized service, required telemetry kind) pairs covered by a source. */
import { fileOf } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { formatThreshold } from '../../format/index.ts';
import type { CountedItem } from '../types.ts';
import { distinct, pairShare, prioritizedServices } from './common.ts';

export const telemetryCoverage = defineCriterion({
  id: 'telemetry_coverage',
  gate: 1,
  needs: ['performance-intake-report'],
  reads: ['performance-intake-report'],
  operator: '>=',
  unit: 'ratio',
  formula: 'covered (prioritized service, kind) pairs / (prioritized services x baseline.required_telemetry)',
  configKey: 'baseline.telemetry_coverage_threshold',
  threshold: (c) => c.baseline.telemetry_coverage_threshold,
  label: (t) => `Telemetry coverage >= ${formatThreshold('ratio', t)}`,
  measure(ctx) {
    const services = prioritizedServices(ctx);
    const kinds = distinct(ctx.config.baseline.required_telemetry);
    const sources = ctx.model.intake?.sources ?? [];
    const items: CountedItem[] = [];
    for (const s of services) {
      for (const kind of kinds) {
        const source = sources.find((src) => src.kind === kind && src.services.includes(s.name));
        const item: CountedItem = {
          kind: 'pair',
          id: `${s.name}/${kind}`,
          counted: source !== undefined,
          file: fileOf('performance-intake-report'),
        };
        if (source) item.value = source.name;
        else item.note = `no ${kind} source lists ${s.name}`;
        items.push(item);
      }
    }
    return pairShare(items, services.length, kinds.length, 'baseline.required_telemetry', {
      counted: 'pairs covered',
      gaps: 'uncovered',
    });
  },
});
