/**
 * Two cycles side by side: the core's cycle-over-cycle diff (`diff.ts`, direction-aware, positive
 * is better) from A to B, both cycles' gates and verdicts, and why their numbers may not be
 * comparable. Pure: the CLI, the prebuilt pages and the compare page's script run this same code.
 */
import { cycleDiff, type DiffSide } from '../diff.ts';
import { comparability } from './comparability.ts';
import type { ComparedCycle, Comparison, CompareSide } from './types.ts';

/** A compare record in the shape the diff reads (SLI directions as a `kpis:` config). */
function diffSide(s: CompareSide): DiffSide {
  const kpis: Record<string, string> = {};
  for (const o of s.slos) if (o.direction) kpis[o.sli] = o.direction;
  return {
    slug: s.slug,
    cycle_id: s.cycle_id,
    verdict: s.verdict,
    evaluation: { gates: s.gates, deltas: { kpis: s.kpis }, config: { kpis } },
    details: { slo: { changes: s.slos } },
  };
}

const heading = (s: CompareSide): ComparedCycle => ({
  slug: s.slug,
  cycle_id: s.cycle_id,
  title: s.title,
  period: s.period,
  verdict: s.verdict,
  decided_at: s.decided_at,
});

/** Cycle A against cycle B: a change is B's value against A's, positive when B is better. */
export function compareCycles(a: CompareSide, b: CompareSide): Comparison {
  const numbers = [...new Set([...a.gates, ...b.gates].map((g) => g.gate))].sort((x, y) => x - y);
  return {
    a: heading(a),
    b: heading(b),
    diff: cycleDiff(diffSide(a), diffSide(b)),
    gates: numbers.map((n) => {
      const ga = a.gates.find((g) => g.gate === n);
      const gb = b.gates.find((g) => g.gate === n);
      return { gate: n, name: (gb ?? ga)!.name, a: ga?.status ?? null, b: gb?.status ?? null };
    }),
    warnings: comparability(a, b),
  };
}
