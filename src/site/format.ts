/** Display formatting only: numbers, percentages, dates and status labels (no computing of results). */
import type { CriterionResult } from '../core/evaluate/types.ts';
import type { Verdict } from '../core/history/site-data.ts';

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** A number as people read it; `—` for a missing value. */
export function num(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : numberFormat.format(n);
}

/** A fraction as a signed percentage with one decimal, e.g. 0.2917 -> `+29.2 %`. */
export function pct(fraction: number | null | undefined, signed = true): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  const p = Math.round(fraction * 1000) / 10;
  const s = p.toFixed(1).replace(/^-0\.0$/, '0.0');
  return `${signed && p > 0 ? '+' : ''}${s.replace('-', '−')} %`;
}

/** A p-value: four decimals, or `< 0.0001`. */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

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

/** Bytes in binary units, e.g. `12.3 KiB`. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
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

/** The unit a KPI name ends in (ARTIFACTS.md conventions). */
export function kpiUnit(kpi: string): string {
  const m = /_([a-z]+)$/.exec(kpi);
  return (m && UNITS[m[1] ?? '']) ?? '';
}

/** Criteria whose value is a share (shown as a percentage beside the exact value). */
const SHARES = new Set([
  'baseline_completeness',
  'telemetry_coverage',
  'diagnostic_coverage',
  'kpi_improvement',
  'documentation_completeness',
  'approval_completion',
]);

/** A criterion value (actual, threshold or margin) for people. */
export function criterionValue(c: Pick<CriterionResult, 'id'>, v: number | boolean | null): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return SHARES.has(c.id) ? pct(v, false) : num(v);
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

export const PHASES: Record<number, string> = {
  0: 'not started',
  1: 'Phase 1 · Intake and baseline',
  2: 'Phase 2 · Diagnostics and load simulation',
  3: 'Phase 3 · Optimization and verification',
  4: 'Phase 4 · Governance and handoff',
};

/** A criterion id for people: `baseline_completeness` -> `Baseline completeness`. */
export function humanize(id: string): string {
  const s = id
    .replace(/_/g, ' ')
    .replace(/\b(kpi|slo|pct|sli)\b/g, (w) => (w === 'pct' ? '%' : w.toUpperCase()));
  return s.charAt(0).toUpperCase() + s.slice(1);
}

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
