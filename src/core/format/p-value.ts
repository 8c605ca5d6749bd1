/** p-values: three decimals, scientific below 0.001 so that a tiny p keeps its magnitude. */
import { distinctFrom, plain } from './number.ts';

const tiny = (p: number) => p !== 0 && Math.abs(p) < 0.001;

/** `0.042`, `3.10e-6`, `0`. */
export function formatP(p: number): string {
  return tiny(p) ? p.toExponential(2) : plain(p);
}

/** `p` with enough digits to compare with `threshold` as it really does (`0.0501`, not `0.05`, above 0.05). */
export function formatPAgainst(p: number, threshold: number): string {
  return tiny(p)
    ? distinctFrom(p, threshold, (d) => p.toExponential(d), 2)
    : distinctFrom(p, threshold, (d) => String(Number(p.toFixed(d))), 3);
}
