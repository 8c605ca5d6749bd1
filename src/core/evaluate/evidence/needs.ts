/** The evidence artifacts a cycle's gate-3 values reference: needed, and needed clean, to decide on them. */
import type { ArtifactName } from '../../artifacts.ts';
import type { EvalContext } from '../context.ts';

/** Read to check typed values and to read references (gate-3 criteria's `evidenceReads`). */
export const KPI_EVIDENCE: ArtifactName[] = ['load-test-results', 'baseline-metrics'];

/**
 * load-test-results when a value references runs, baseline-metrics when one references the baseline;
 * and, when a value is typed, whichever of the two is present: the typed number is checked against
 * it, so a present file with errors leaves the value unchecked and the criterion not evaluable (a
 * broken file could be hiding a disagreement). An absent file leaves the number typed, no evidence.
 */
export function referencedEvidence(ctx: EvalContext): ArtifactName[] {
  const kinds = new Set(ctx.kpis.flatMap((k) => [k.sides.before.source.kind, k.sides.after.source.kind]));
  const typed = kinds.has('typed');
  return KPI_EVIDENCE.filter(
    (n) =>
      (n === 'load-test-results' ? kinds.has('runs') : kinds.has('baseline')) ||
      (typed && ctx.present.has(n)),
  );
}
