/**
 * The words report.html shares with the site's pages (status labels and icons, verdicts, phases,
 * criterion names, units), so that the offline page reads as the site does. Numbers come from
 * `../../format/`. Kept here rather than imported from `src/site/`, which the core never imports.
 */

export { humanize, PHASES, STATUS, VERDICT, type Status } from '../../format/words.ts';
export { kpiUnit } from '../../format/kpi.ts';

/** The day of an RFC 3339 date-time. */
export function day(t: string | null | undefined): string {
  return t ? t.slice(0, 10) : '—';
}

/** A date-time without seconds in UTC (`2026-11-20 12:00 UTC`); the text as written when it does not parse. */
export function dateTime(t: string | null | undefined): string {
  if (!t) return '—';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `>=` as `≥`, `<=` as `≤`, anything else as `=`. */
export function operatorSign(o: string): string {
  return o === '>=' ? '≥' : o === '<=' ? '≤' : '=';
}
