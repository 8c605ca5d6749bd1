/** The evidence artifacts a cycle's gate-3 values reference: needed, and needed clean, to decide on them. */
import type { ArtifactName } from '../../artifacts.ts';
import type { EvalContext } from '../context.ts';

/** Read to check typed values and to read references (gate-3 criteria's `evidenceReads`). */
export const KPI_EVIDENCE: ArtifactName[] = ['load-test-results', 'baseline-metrics'];

/** load-test-results when a value references runs, baseline-metrics when one references the baseline. */
export function referencedEvidence(ctx: EvalContext): ArtifactName[] {
  const kinds = new Set(ctx.kpis.flatMap((k) => [k.sides.before.source.kind, k.sides.after.source.kind]));
  return [
    ...(kinds.has('runs') ? (['load-test-results'] as const) : []),
    ...(kinds.has('baseline') ? (['baseline-metrics'] as const) : []),
  ];
}
