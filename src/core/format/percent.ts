/**
 * Improvements, one sign convention everywhere (ARTIFACTS.md section 3): positive when better,
 * negative when worse, whatever the KPI's direction: a latency up 8 % is `-8.0 %`.
 */
import { distinctFrom, exact, fixed, grouped } from './number.ts';

/** A direction-aware improvement (a fraction) as a signed percentage: `+29.2 %`, `-8.0 %`, `0.0 %`, `+10,593.9 %`. */
export function formatImprovement(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = fixed(x * 100, 1);
  return Number(s) > 0 ? `+${grouped(s)} %` : `${grouped(s)} %`;
}

/**
 * A regression in words, its size beside the tolerance it broke: `8.0 % worse, beyond the 5 %
 * tolerance` (more digits where rounding would show it equal to the tolerance: `5.04 % worse`).
 */
export function regressionWords(improvement: number, tolerancePct: number): string {
  const worse = -improvement * 100;
  const text = distinctFrom(worse, tolerancePct, (d) => fixed(worse, d), 1);
  return `${text} % worse, beyond the ${exact(tolerancePct)} % tolerance`;
}
