/**
 * The one order of the archive chain (ARTIFACTS.md section 5, "Rules that keep the record whole"):
 * by the intake's period end as an instant, then by cycle id (code units). `2026-03-01T00:00:00-05:00`
 * is 05:00 UTC, so it comes after `2026-03-01T03:00:00Z` although its text sorts first. Pure.
 */
import { cmp } from '../diagnostics.ts';
import { parseRfc3339 } from '../time.ts';

/** A cycle placed in time: its id and its period end in milliseconds since the epoch. */
export interface Placed {
  cycleId: string;
  end: number;
}

/** Chain order: the earlier period end first (as an instant, whatever its offset), then the cycle id. */
export function compareChainOrder(a: Placed, b: Placed): number {
  return a.end - b.end || cmp(a.cycleId, b.cycleId);
}

/** A copy of `items` in chain order, oldest first. */
export function chainOrder<T extends Placed>(items: readonly T[]): T[] {
  return [...items].sort(compareChainOrder);
}

/** The instant of a period end (RFC 3339 with an offset), or undefined when it is not one. */
export function periodEndInstant(end: string): number | undefined {
  return parseRfc3339(end);
}
