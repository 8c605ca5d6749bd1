/**
 * The placeholder run that `perfgate init` writes into load-test-results.json, and how an import
 * recognises it: a run equal to it, key for key, holds nothing a person wrote, so the first import
 * replaces it instead of failing on its placeholders (issue 25). A run with any value changed is
 * the team's and is kept, placeholders and all, for validation to name.
 */
import { isDeepStrictEqual } from 'node:util';
import { PLACEHOLDER } from '../../validate/placeholders.ts';

/** The scaffold's one run: every value a `<fill: ...>` placeholder except the enums' first choice. */
export const SCAFFOLD_RUN = {
  id: '<fill: run-id>',
  service: '<fill: service>',
  scenario: '<fill: text>',
  phase: 'baseline',
  kind: 'load',
  started_at: '<fill: date-time>',
  duration_s: '<fill: number>',
  peak_concurrency: '<fill: integer>',
  requests: '<fill: integer>',
  throughput_rps: '<fill: number>',
  latency_ms: {
    p50: '<fill: number>',
    p90: '<fill: number>',
    p95: '<fill: number>',
    p99: '<fill: number>',
    max: '<fill: number>',
  },
  error_rate_pct: '<fill: number>',
} as const;

/** The top-level fields of the scaffold, placeholders a run's import can answer. */
export const SCAFFOLD_TOP = { tool: '<fill: text>', environment: '<fill: text>' } as const;

/** True for a run exactly as `perfgate init` wrote it. */
export function isScaffoldRun(run: unknown): boolean {
  return isDeepStrictEqual(run, SCAFFOLD_RUN);
}

/** True for a string that is (or holds) a `<fill: ...>` placeholder. */
export function isPlaceholder(v: unknown): boolean {
  return typeof v === 'string' && new RegExp(PLACEHOLDER.source, 'i').test(v);
}
