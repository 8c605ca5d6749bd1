/** How far a KPI is from run-level statistics: the referenced runs per side and the runs still missing. */
import type { ResolvedSide, Side } from '../../contract/kpi-evidence/types.ts';
import { plural } from '../../format/plural.ts';

function count(s: ResolvedSide): number {
  return s.source.kind === 'runs' ? s.source.runs.length : 0;
}

function what(name: Side, s: ResolvedSide): string | null {
  const n = count(s);
  if (n >= 2) return null;
  const shown =
    s.source.kind === 'runs'
      ? '1 run'
      : s.source.kind === 'baseline'
        ? 'a baseline row'
        : s.source.n !== null
          ? `typed (its n ${s.source.n} counts requests, not runs)`
          : 'typed';
  return `${name} ${shown}, ${plural(2 - n, 'more run')} needed`;
}

/** `before typed, 2 more runs needed; after 1 run, 1 more run needed`; null with two or more runs per side. */
export function runsMissing(sides: Record<Side, ResolvedSide>): string | null {
  const parts = [what('before', sides.before), what('after', sides.after)].filter((x) => x !== null);
  return parts.length > 0 ? parts.join('; ') : null;
}
