/**
 * Display only: dates and status labels for the pages. Every number with a unit (criterion values,
 * improvements, p-values, bytes) comes from `src/core/format/`, as in the terminal and the report.
 */
import { formatAgainst, formatMargin, formatThreshold, formatValue } from '../core/format/index.ts';
import { unitOf } from '../core/evaluate/messages.ts';
import { criterionModule } from '../core/evaluate/registry.ts';
import type { CriterionResult } from '../core/evaluate/types.ts';
import type { Verdict } from '../core/history/site-data.ts';

export { formatBytes as bytes, formatImprovement as pct, formatP as pValue } from '../core/format/index.ts';

/** The day of an RFC 3339 date-time. */
export function day(t: string | null | undefined): string {
  return t ? t.slice(0, 10) : '—';
}

/** A date-time without seconds, in UTC as written, e.g. `2026-11-20 12:00 UTC`. */
export function dateTime(t: string | null | undefined): string {
  if (!t) return '—';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The unit a KPI name ends in (ARTIFACTS.md conventions): one definition, in src/core/format. */
export { kpiUnit } from '../core/format/kpi.ts';

type Shown = Pick<CriterionResult, 'id' | 'actual' | 'threshold'>;

/** A criterion's measured value in its unit, on the right side of its threshold (`14.96 %`). */
export function criterionActual(c: Shown): string {
  return formatAgainst(unitOf(c), c.actual, c.threshold);
}

/** A criterion's threshold as configured, in its unit (`15 %`). */
export function criterionThreshold(c: Shown): string {
  return formatThreshold(unitOf(c), c.threshold);
}

/** The value of one of a criterion's counted items, in the unit its definition declares for them. */
export function criterionItemValue(c: Pick<CriterionResult, 'id'>, v: number): string {
  return formatValue(criterionModule(c.id)?.itemUnit ?? unitOf(c), v);
}

/** A criterion's margin to its threshold, signed (`+0.04 %`). */
export function criterionMargin(c: Shown & Pick<CriterionResult, 'margin'>): string {
  return formatMargin(unitOf(c), c.margin);
}

export { humanize, num, PHASES, statusIcon, statusLabel, tally, verdictInfo, type Status } from './labels.ts';

/** Cycles per verdict in words, e.g. `181 passed every gate, 19 failed a gate` (zero counts left out). */
export function verdictTally(v: Record<Verdict, number>): string {
  const parts = [
    `${v.pass} passed every gate`,
    v.waived > 0 && `${v.waived} passed with waivers`,
    v.fail > 0 && `${v.fail} failed a gate`,
    v.in_progress > 0 && `${v.in_progress} in progress`,
  ].filter(Boolean);
  return parts.join(', ');
}
