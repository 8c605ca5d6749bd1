/** Numbers as the flame graphs and tables print them: fixed decimals, so the bytes never vary. */
import { fixed, signed } from '../../format/number.ts';

/** A share of the total as a percentage with two decimals, e.g. "12.34 %". */
export function pct(part: number, total: number): string {
  return total > 0 ? `${fixed((100 * part) / total, 2)} %` : '0.00 %';
}

/**
 * A change of share in percentage points, as every differential view prints it (the static SVG's
 * tooltips, the interactive graph, the gained and lost tables): two decimals, `+` only when it shows
 * above zero, `-` below, so that a change too small to show is `0.00 points`, never `+0.00` or `-0.00`.
 */
export function pointsChange(points: number): string {
  return `${signed(points, 2)} points`;
}

/** A weight in its unit: nanoseconds and microseconds as milliseconds, counts as integers. */
export function formatWeight(v: number, unit: string): string {
  const u = unit.split('/').pop() ?? unit;
  if (u === 'nanoseconds') return `${(v / 1e6).toFixed(1)} ms`;
  if (u === 'microseconds') return `${(v / 1e3).toFixed(1)} ms`;
  if (u === 'milliseconds') return `${Number(v.toFixed(3))} ms`;
  if (u === 'seconds') return `${Number(v.toFixed(6))} s`;
  const n = Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  if (u === 'none' || u === '') return n;
  return v === 1 && u.endsWith('s') ? `${n} ${u.slice(0, -1)}` : `${n} ${u}`;
}
