/** Readers shared by several criteria. */
import type { EvalContext } from '../context.ts';
import type { Measured } from '../criterion.ts';
import type { CountedItem } from '../types.ts';
import type { Service } from '../model.ts';
import { list } from '../safe.ts';

/** Services with `prioritized` not false (the contract's default is true), first of each name. */
export function prioritizedServices(ctx: EvalContext): Service[] {
  return unique((ctx.model.intake?.services ?? []).filter((s) => s.prioritized));
}

/** Services marked critical, first of each name. */
export function criticalServices(ctx: EvalContext): Service[] {
  return unique((ctx.model.intake?.services ?? []).filter((s) => s.critical));
}

function unique(services: Service[]): Service[] {
  const seen = new Set<string>();
  return services.filter((s) => !seen.has(s.name) && seen.add(s.name));
}

/** A config list, duplicates dropped. */
export function distinct<T extends string>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * A share over (service x required item) pairs: counted pairs / (services x required), not
 * evaluable when either list is empty. `emptyRequired` names the config list for that case.
 */
export function pairShare(
  items: CountedItem[],
  services: number,
  required: number,
  emptyRequired: string,
  words: { counted: string; gaps: string },
): Measured {
  const denominator = services * required;
  if (denominator === 0) {
    const notEvaluable =
      services === 0 ? 'no prioritized service in the intake report' : `${emptyRequired} is empty`;
    return { notEvaluable, items, numerator: 0, denominator };
  }
  const numerator = items.filter((i) => i.counted).length;
  const gaps = items.filter((i) => !i.counted).map((i) => i.id);
  return {
    actual: numerator / denominator,
    numerator,
    denominator,
    items,
    summary: `${numerator} of ${denominator} ${words.counted}${gaps.length ? `; ${words.gaps} ${list(gaps)}` : ''}`,
  };
}

/** Dated at or before the evaluation time: anything later is "not yet in force" (shown, never counted). */
export function inForce(ctx: EvalContext, at: number | null): boolean {
  return at !== null && ctx.evaluatedAt !== null && at <= ctx.evaluatedAt;
}

/** The note on an item dated after the evaluation time. */
export function notYetInForce(when: string): string {
  return `dated ${when}, after the evaluation time: not yet in force`;
}

/**
 * A name as people mean it: Unicode NFKC, default-ignorable characters (zero width and the like)
 * removed, whitespace (no-break spaces included) collapsed, case folded.
 */
export function normalizeName(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC');
}
