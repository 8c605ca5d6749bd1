/**
 * Reading data of unknown shape (a config, an artifact handed to evaluation): plain objects and
 * their own properties only, never the prototype's.
 */

export type Rec = Record<string, unknown>;

/** A plain object (not null, not an array). */
export function isRec(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An own property of a plain object (never the prototype's: `__proto__` reads nothing). */
export function get(x: unknown, ...keys: string[]): unknown {
  let cur: unknown = x;
  for (const k of keys) {
    if (!isRec(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}
