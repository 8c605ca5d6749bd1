/**
 * Holm's step-down correction for several targets tested at once: the k-th smallest of m p-values
 * is multiplied by (m - k + 1), made monotone and capped at 1. A family passes at alpha when every
 * adjusted p is at most alpha; the chance that any one of the m passes by noise stays at alpha.
 */
import { round } from '../safe.ts';

/** The Holm-adjusted p-values, in the order given (R: `p.adjust(p, "holm")`). */
export function holm(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = round(running);
  });
  return out;
}
