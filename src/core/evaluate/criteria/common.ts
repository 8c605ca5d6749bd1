/** Readers shared by several criteria. */
import type { EvalContext } from '../context.ts';
import type { Service } from '../model.ts';
import { arr, get } from '../safe.ts';

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

/** A config list of strings, duplicates dropped. */
export function configStrings(ctx: EvalContext, ...keys: string[]): string[] {
  return [...new Set(arr(get(ctx.config, ...keys)).filter((x): x is string => typeof x === 'string'))];
}
