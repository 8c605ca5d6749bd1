/**
 * The words report.html shares with the site's pages (status labels and icons, verdicts, phases,
 * criterion names, units), so that the offline page reads as the site does. Numbers come from
 * `../../format/`. Kept here rather than imported from `src/site/`, which the core never imports.
 */
import type { Verdict } from '../../history/types.ts';

export type Status =
  'pass' | 'fail' | 'waived' | 'pending' | 'not_evaluable' | 'expired' | 'applied' | 'unused';

export const STATUS: Record<Status, { icon: string; label: string }> = {
  pass: { icon: '✔', label: 'Pass' },
  fail: { icon: '✖', label: 'Fail' },
  waived: { icon: '◐', label: 'Waived' },
  pending: { icon: '◌', label: 'Pending' },
  not_evaluable: { icon: '?', label: 'Not evaluable' },
  expired: { icon: '⌛', label: 'Expired' },
  applied: { icon: '◐', label: 'Applied' },
  unused: { icon: '–', label: 'Not needed' },
};

export const VERDICT: Record<Verdict, { icon: string; label: string; tone: Status }> = {
  pass: { icon: '✔', label: 'All gates passed', tone: 'pass' },
  waived: { icon: '◐', label: 'Passed with waivers', tone: 'waived' },
  fail: { icon: '✖', label: 'A gate failed', tone: 'fail' },
  in_progress: { icon: '◌', label: 'In progress', tone: 'pending' },
};

export const PHASES: Record<number, string> = {
  0: 'not started',
  1: 'Phase 1 · Intake and baseline',
  2: 'Phase 2 · Diagnostics and load simulation',
  3: 'Phase 3 · Optimization and verification',
  4: 'Phase 4 · Governance and handoff',
};

/** A criterion or gate id for people: `baseline_completeness` -> `Baseline completeness`. */
export function humanize(id: string): string {
  const s = id
    .replace(/_/g, ' ')
    .replace(/\b(kpi|slo|pct|sli)\b/g, (w) => (w === 'pct' ? '%' : w.toUpperCase()));
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const UNITS: Record<string, string> = {
  ms: 'ms',
  s: 's',
  rps: 'req/s',
  pct: '%',
  count: 'count',
  mb: 'MB',
  usd: 'USD',
  ratio: 'ratio',
};

/** The unit a KPI name ends in (ARTIFACTS.md conventions), or '' for another ending. */
export function kpiUnit(kpi: string): string {
  const m = /_([a-z]+)$/.exec(kpi);
  return (m && UNITS[m[1] ?? '']) ?? '';
}

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
