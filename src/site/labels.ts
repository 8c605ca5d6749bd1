/**
 * Numbers, status and verdict words and icons, and criterion ids for people: display only, importing
 * nothing but the core's words (which import nothing), so that the compare page's script can use them too.
 */
import { display } from '../core/format/number.ts';
import { STATUS, VERDICT, type Status, type Verdict } from '../core/format/words.ts';

/** A number as people read it (the core's one display format: three decimals at most, thousands grouped); `—` for a missing value. */
export function num(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : display(n);
}

export { humanize, PHASES, tally, type Status, type Verdict } from '../core/format/words.ts';

export function statusIcon(s: Status): string {
  return STATUS[s].icon;
}
export function statusLabel(s: Status): string {
  return STATUS[s].label;
}

export function verdictInfo(v: Verdict): { icon: string; label: string; tone: Status } {
  return VERDICT[v];
}
