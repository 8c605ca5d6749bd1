/** Gate 2: weighted share of critical services profiled, load-tested and capacity-analysed. */
import { fileOf, type EvalContext } from '../context.ts';
import { defineCriterion } from '../criterion.ts';
import { formatAgainst, formatThreshold } from '../../format/index.ts';
import { list, num, round } from '../safe.ts';
import type { CountedItem } from '../types.ts';
import { criticalServices } from './common.ts';

/** Services with a profiling section (named as the service) that links at least one flame graph. */
export function profiledServices(ctx: EvalContext): Set<string> {
  return new Set((ctx.model.profiling ?? []).filter((s) => s.flameGraphs.length > 0).map((s) => s.service));
}

/** Services with a baseline run of kind load or stress. */
function loadTested(ctx: EvalContext): Set<string> {
  return new Set(
    (ctx.model.runs ?? [])
      .filter((r) => r.phase === 'baseline' && (r.kind === 'load' || r.kind === 'stress'))
      .map((r) => r.service),
  );
}

export const diagnosticCoverage = defineCriterion({
  id: 'diagnostic_coverage',
  gate: 2,
  needs: ['performance-intake-report', 'profiling-report', 'load-test-results', 'capacity-analysis'],
  reads: ['performance-intake-report', 'profiling-report', 'load-test-results', 'capacity-analysis'],
  operator: '>=',
  unit: 'ratio',
  formula:
    'weights.profiling x profiled/critical + weights.load x load-tested/critical + weights.capacity x capacity-analysed/critical',
  configKey: 'diagnostics.coverage_threshold',
  threshold: (c) => c.diagnostics.coverage_threshold,
  label: (t) =>
    `Diagnostic coverage score >= ${formatThreshold('ratio', t)} across profiling, load, and capacity checks`,
  measure(ctx, threshold) {
    const w = {
      profiling: num(ctx.config.diagnostics.weights.profiling),
      load: num(ctx.config.diagnostics.weights.load),
      capacity: num(ctx.config.diagnostics.weights.capacity),
    };
    if (w.profiling === null || w.load === null || w.capacity === null)
      return { notEvaluable: 'diagnostics.weights are not numbers' };
    const critical = criticalServices(ctx);
    const checks = [
      {
        aspect: 'profiling',
        weight: w.profiling,
        done: profiledServices(ctx),
        file: fileOf('profiling-report'),
        missing: 'no flame graph',
      },
      {
        aspect: 'load',
        weight: w.load,
        done: loadTested(ctx),
        file: fileOf('load-test-results'),
        missing: 'no baseline load or stress run',
      },
      {
        aspect: 'capacity',
        weight: w.capacity,
        done: new Set(ctx.model.capacity ?? []),
        file: fileOf('capacity-analysis'),
        missing: 'no capacity section',
      },
    ];
    const items: CountedItem[] = [];
    for (const c of checks) {
      for (const s of critical) {
        const counted = c.done.has(s.name);
        items.push({
          kind: c.aspect,
          id: s.name,
          counted,
          file: c.file,
          ...(counted ? {} : { note: c.missing }),
        });
      }
    }
    const n = critical.length;
    if (n === 0) return { notEvaluable: 'no critical service in the intake report', items, denominator: 0 };
    const counts = checks.map((c) => critical.filter((s) => c.done.has(s.name)).length);
    const numerator = round(checks.reduce((sum, c, i) => sum + c.weight * (counts[i] ?? 0), 0));
    const parts = checks.map((c, i) => `${c.aspect} ${counts[i] ?? 0}/${n}`);
    const gaps = items.filter((i) => !i.counted).map((i) => `${i.id} (${i.note ?? i.kind})`);
    return {
      actual: numerator / n,
      numerator,
      denominator: n,
      items,
      summary: `coverage ${formatAgainst('ratio', numerator / n, threshold)}: ${parts.join(', ')}${gaps.length ? `; missing ${list(gaps)}` : ''}`,
    };
  },
});
