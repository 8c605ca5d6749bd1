/**
 * Small readers for the values the schemas leave open (a baseline cell, a date-time string) and
 * the formatting helpers the criteria share. The artifacts and the config arrive typed from
 * validation: nothing here navigates them.
 */

export { isRec, type Rec } from '../contract/safe-read.ts';

/** A finite number, else null. */
export function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** Milliseconds of a date-time string, else null. */
export function time(x: unknown): number | null {
  if (typeof x !== 'string') return null;
  const t = Date.parse(x);
  return Number.isFinite(t) ? t : null;
}

/**
 * `round`: 12 significant digits, so that 0.4 + 0.4 + 0.1 compares equal to 0.9 and outputs stay
 * free of binary noise; `fmt`: a number for a sentence. One definition, in src/core/format.
 */
export { plain as fmt, round12 as round } from '../format/number.ts';

/** `a, b and 3 more`. */
export function list(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
