/**
 * E-Divisive change points (Matteson and James 2014, as MongoDB's and Apache Otava's performance
 * tools use it): hierarchical bisection of a series by the split statistic of `energy.ts`, each new
 * change point kept only when a permutation test finds it significant. The test shuffles the values
 * within each current segment, recomputes the largest statistic over all segments, and counts how
 * often it reaches the observed one: p = (1 + count) / (1 + permutations) (Phipson and Smyth 2010).
 * The first change point that is not significant ends the search; its test stops as soon as enough
 * shuffles reached the observed statistic for p to exceed alpha whatever the rest give (the decision
 * is the full test's, only sooner). The shuffles come from a seeded
 * generator (pure-rand's xoroshiro128+): the same series and seed give the same change points.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { bestSplit } from './energy.ts';

export interface EDivisiveOptions {
  /** Significance level of each change point. */
  alpha: number;
  /** Shuffles per permutation test. */
  permutations: number;
  /** Fewest values on each side of a change point: a lasting shift, not one outlier. */
  minSize: number;
  /** Seed of the shuffles (a 32-bit integer). */
  seed: number;
}

/** perfgate's settings (content/docs/change-points.mdx). */
export const E_DIVISIVE: EDivisiveOptions = { alpha: 0.05, permutations: 999, minSize: 2, seed: 2026 };

export interface ChangePoint {
  /** Index of the first value of the new level. */
  index: number;
  /** The split statistic Q. */
  q: number;
  /** Permutation p-value. */
  p: number;
}

/** Relative slack when comparing a shuffled statistic with the observed one (float noise). */
const EPS = 1e-9;

/** The change points of `values`, in order of position. */
export function eDivisive(values: readonly number[], opts: EDivisiveOptions = E_DIVISIVE): ChangePoint[] {
  const rng = xoroshiro128plus(opts.seed | 0);
  const found: ChangePoint[] = [];
  const bounds = () => [0, ...found.map((c) => c.index).sort((a, b) => a - b), values.length];
  for (;;) {
    const cuts = bounds();
    let best: { at: number; q: number } | null = null;
    for (let s = 0; s + 1 < cuts.length; s++) {
      const split = bestSplit(values.slice(cuts[s]!, cuts[s + 1]!), opts.minSize);
      if (split && (!best || split.q > best.q)) best = { at: cuts[s]! + split.at, q: split.q };
    }
    if (!best || !(best.q > 0)) return found.sort((a, b) => a.index - b.index);
    let reached = 0;
    // p <= alpha exactly when reached <= alpha * (1 + permutations) - 1.
    const allowed = opts.alpha * (1 + opts.permutations) - 1;
    for (let r = 0; r < opts.permutations && reached <= allowed; r++) {
      let max = -Infinity;
      for (let s = 0; s + 1 < cuts.length; s++) {
        const seg = values.slice(cuts[s]!, cuts[s + 1]!);
        // Fisher–Yates with the seeded generator.
        for (let i = seg.length - 1; i > 0; i--) {
          const j = uniformInt(rng, 0, i);
          [seg[i], seg[j]] = [seg[j]!, seg[i]!];
        }
        const split = bestSplit(seg, opts.minSize);
        if (split && split.q > max) max = split.q;
      }
      if (max >= best.q * (1 - EPS)) reached++;
    }
    const p = (1 + reached) / (1 + opts.permutations);
    if (p > opts.alpha) return found.sort((a, b) => a.index - b.index);
    found.push({ index: best.at, q: best.q, p });
  }
}
