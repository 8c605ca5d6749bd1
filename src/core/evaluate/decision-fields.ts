/**
 * What makes up a decision, as opposed to its words: the values of a criterion and of each counted
 * item. `perfgate verify --recompute` compares a frozen decision with its re-decision on these
 * fields; the site words a frozen criterion as this perfgate does only where they all agree.
 */

/** The values of a criterion that make up the decision. */
export const CRITERION_FIELDS = [
  'status',
  'actual',
  'threshold',
  'operator',
  'numerator',
  'denominator',
  'margin',
  'at_risk',
] as const;

/** The values of a counted item that make up the decision (items are matched by kind and id). */
export const ITEM_FIELDS = ['counted', 'value'] as const;

/** An item's key among its criterion's items: kind and id. */
export const itemKey = (x: { kind?: unknown; id?: unknown }): string => `${String(x.kind)} ${String(x.id)}`;

/** Entries keyed by `key`, a repeated key numbered (`run a`, `run a #2`), in order. */
export function keyed<T>(items: readonly T[], key: (x: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  const seen = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    out.set(n === 1 ? k : `${k} #${n}`, item);
  }
  return out;
}
