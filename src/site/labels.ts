/**
 * Numbers, status and verdict words and icons, and criterion ids for people: display only, with no import
 * beyond a type, so that the compare page's script can use them too.
 */
import type { Verdict } from '../core/history/types.ts';

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** A number as people read it; `—` for a missing value. */
export function num(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : numberFormat.format(n);
}

export type Status =
  'pass' | 'fail' | 'waived' | 'pending' | 'not_evaluable' | 'expired' | 'applied' | 'unused';

const STATUS: Record<Status, { icon: string; label: string }> = {
  pass: { icon: '✔', label: 'Pass' },
  fail: { icon: '✖', label: 'Fail' },
  waived: { icon: '◐', label: 'Waived' },
  pending: { icon: '◌', label: 'Pending' },
  not_evaluable: { icon: '?', label: 'Not evaluable' },
  expired: { icon: '⌛', label: 'Expired' },
  applied: { icon: '◐', label: 'Applied' },
  unused: { icon: '–', label: 'Not needed' },
};

export function statusIcon(s: Status): string {
  return STATUS[s].icon;
}
export function statusLabel(s: Status): string {
  return STATUS[s].label;
}

const VERDICT: Record<Verdict, { icon: string; label: string; tone: Status }> = {
  pass: { icon: '✔', label: 'All gates passed', tone: 'pass' },
  waived: { icon: '◐', label: 'Passed with waivers', tone: 'waived' },
  fail: { icon: '✖', label: 'A gate failed', tone: 'fail' },
  in_progress: { icon: '◌', label: 'In progress', tone: 'pending' },
};

export function verdictInfo(v: Verdict): { icon: string; label: string; tone: Status } {
  return VERDICT[v];
}

/** A criterion id for people: `baseline_completeness` -> `Baseline completeness`. */
export function humanize(id: string): string {
  const s = id
    .replace(/_/g, ' ')
    .replace(/\b(kpi|slo|pct|sli)\b/g, (w) => (w === 'pct' ? '%' : w.toUpperCase()));
  return s.charAt(0).toUpperCase() + s.slice(1);
}
