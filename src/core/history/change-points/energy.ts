/**
 * The E-Divisive split statistic of Matteson and James (2014, "A nonparametric approach for multiple
 * change point analysis of multivariate data", JASA 109), univariate with alpha = 1: for a segment
 * split into X (its first m values) and Y (the other n),
 *
 *   E = 2/(mn) Σ|x−y| − Σ_{i<k}|x_i−x_k| / C(m,2) − Σ_{j<l}|y_j−y_l| / C(n,2),   Q = mn/(m+n) · E,
 *
 * for every split at once in O(n log n): the within-sums grow one value at a time, each new value's
 * distance to those before it read from Fenwick trees of counts and sums over value ranks, and the
 * cross sum is the total less the two within-sums.
 */

/** Fenwick tree of counts and sums over ranks 0..size-1. */
class RankSums {
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  total = 0;
  totalSum = 0;
  constructor(size: number) {
    this.count = new Float64Array(size + 1);
    this.sum = new Float64Array(size + 1);
  }
  add(rank: number, v: number): void {
    for (let i = rank + 1; i < this.count.length; i += i & -i) {
      this.count[i]! += 1;
      this.sum[i]! += v;
    }
    this.total++;
    this.totalSum += v;
  }
  /** Count and sum of the values added with a rank below `rank`. */
  below(rank: number): [number, number] {
    let c = 0;
    let s = 0;
    for (let i = rank; i > 0; i -= i & -i) {
      c += this.count[i]!;
      s += this.sum[i]!;
    }
    return [c, s];
  }
  /** Σ |v − x| over the values x added so far (v of rank `rank`, not added yet). */
  distanceSum(rank: number, v: number): number {
    const [c, s] = this.below(rank);
    return v * c - s + (this.totalSum - s) - v * (this.total - c);
  }
}

/** Ranks 0..n-1 of the values (ties in index order: equal values are at distance 0 either way). */
function ranksOf(values: ArrayLike<number>): Int32Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => values[a]! - values[b]! || a - b,
  );
  const ranks = new Int32Array(values.length);
  order.forEach((i, r) => (ranks[i] = r));
  return ranks;
}

/** `within[t]`: Σ_{i<k<t} |v_i − v_k| (the values before t), for t = 0..n. */
function prefixWithin(values: ArrayLike<number>, ranks: Int32Array, reverse: boolean): Float64Array {
  const n = values.length;
  const out = new Float64Array(n + 1);
  const tree = new RankSums(n);
  let acc = 0;
  for (let step = 0; step < n; step++) {
    const i = reverse ? n - 1 - step : step;
    acc += tree.distanceSum(ranks[i]!, values[i]!);
    tree.add(ranks[i]!, values[i]!);
    out[step + 1] = acc;
  }
  return out;
}

/**
 * Q of every split of `values` with at least `minSize` values on each side: `q[t]` splits before
 * index t (X = values[0..t)); the other entries are NaN.
 */
export function splitStatistics(values: ArrayLike<number>, minSize: number): Float64Array {
  const n = values.length;
  const q = new Float64Array(n + 1).fill(NaN);
  if (n < 2 * minSize) return q;
  const ranks = ranksOf(values);
  const left = prefixWithin(values, ranks, false);
  const right = prefixWithin(values, ranks, true);
  const total = left[n]!;
  for (let t = minSize; t <= n - minSize; t++) {
    const m = t;
    const k = n - t;
    const within = left[t]!;
    const withinY = right[k]!;
    const cross = total - within - withinY;
    const e = (2 * cross) / (m * k) - within / ((m * (m - 1)) / 2) - withinY / ((k * (k - 1)) / 2);
    q[t] = ((m * k) / (m + k)) * e;
  }
  return q;
}

/** The best split of `values` (largest Q, the first of equals), or null when none has `minSize` a side. */
export function bestSplit(values: ArrayLike<number>, minSize: number): { at: number; q: number } | null {
  const q = splitStatistics(values, minSize);
  let best: { at: number; q: number } | null = null;
  for (let t = minSize; t <= values.length - minSize; t++)
    if (!best || q[t]! > best.q) best = { at: t, q: q[t]! };
  return best;
}
