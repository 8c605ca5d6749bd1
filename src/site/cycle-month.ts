import { cycleBySlug } from './data.ts';

/**
 * The month a chart labels a cycle with: the month its period starts in (a cycle named 2026-10-...
 * running 2026-10-19 – 2026-11-16 is an October cycle), the same month the calendar timeline files
 * it under; the cycle id when it has no period.
 */
export function cycleMonth(point: { slug: string; cycle_id: string }): string {
  const start = cycleBySlug(point.slug).period?.start;
  return start ? start.slice(0, 7) : point.cycle_id;
}
