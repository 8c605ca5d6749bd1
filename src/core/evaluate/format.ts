/** Values as people read them, by unit: 95%, 0.90, 3, 1.5 h, 2%, p = 3.1e-6, yes. */
import type { Unit } from './criterion.ts';
import { fmt, round } from './safe.ts';

/** A criterion value in its unit, for people. */
export function formatValue(unit: Unit, v: number | boolean | null): string {
  if (v === null) return 'n/a';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  switch (unit) {
    case 'ratio':
      return `${fmt(round(Number((v * 100).toFixed(1))))}%`;
    case 'score':
      return v.toFixed(2);
    case 'hours':
      return `${fmt(v)} h`;
    case 'pct':
      return `${fmt(v)}%`;
    case 'p':
      return v !== 0 && Math.abs(v) < 0.001 ? v.toExponential(2) : fmt(v);
    default:
      return fmt(v);
  }
}

/** A signed percentage of a fraction: +18.0% / -29.2%. */
export function signedPct(x: number): string {
  const s = round(x * 100).toFixed(1);
  return x > 0 ? `+${s}%` : `${s}%`;
}
