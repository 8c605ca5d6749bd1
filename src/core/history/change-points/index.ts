/**
 * Change points of every KPI series of the archive (E-Divisive with a permutation test, seeded per
 * series), each shift named by the cycle where it began, with the segment means on either side.
 */
import { improvement } from '../../contract/direction.ts';
import type { CycleRecord } from '../site-data.ts';
import { E_DIVISIVE, eDivisive, type EDivisiveOptions } from './e-divisive.ts';
import { kpiSeries } from './series.ts';
import type { ChangePoints, KpiSeries, KpiShift } from './types.ts';

/** A 32-bit seed per series (FNV-1a of its key mixed into the base seed): stable whatever else the archive holds. */
function seedFor(key: string, base: number): number {
  let h = 0x811c9dc5 ^ base;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The change points of every KPI series of `cycles` (newest first, as the site data holds them). */
export function changePoints(
  cycles: readonly Pick<CycleRecord, 'slug' | 'cycle_id' | 'period' | 'evaluation'>[],
  opts: EDivisiveOptions = E_DIVISIVE,
): ChangePoints {
  const series: KpiSeries[] = kpiSeries(cycles).map((s) => {
    const values = s.points.map((p) => p.value);
    const tested = values.length >= 2 * opts.minSize;
    const found = tested
      ? eDivisive(values, { ...opts, seed: seedFor(`${s.service}\0${s.kpi}`, opts.seed) })
      : [];
    const cuts = [0, ...found.map((c) => c.index), values.length];
    const shifts: KpiShift[] = found.map((c, i) => {
      const first = s.points[c.index]!;
      const before = mean(values.slice(cuts[i]!, c.index));
      const after = mean(values.slice(c.index, cuts[i + 2]!));
      return {
        service: s.service,
        kpi: s.kpi,
        direction: s.direction,
        index: c.index,
        slug: first.slug,
        cycle_id: first.cycle_id,
        phase: first.phase,
        at: first.at,
        mean_before: before,
        mean_after: after,
        change: improvement(before, after, s.direction),
        q: c.q,
        p: c.p,
      };
    });
    const levels = cuts.slice(1).flatMap((end, i) => {
      const seg = values.slice(cuts[i]!, end);
      return seg.map(() => mean(seg));
    });
    return { ...s, tested, shifts, levels };
  });
  return {
    method: {
      name: 'e-divisive',
      alpha: opts.alpha,
      permutations: opts.permutations,
      min_size: opts.minSize,
      seed: opts.seed,
    },
    series,
  };
}
