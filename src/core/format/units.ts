/**
 * A criterion's numbers by its unit, for the terminal, the report and the site alike. A criterion
 * declares its unit once, in its definition (`src/core/evaluate/criteria/*.ts`); everything that
 * prints its actual value, threshold or margin goes through here.
 */
import { distinctFrom, exact, fixed, plain } from './number.ts';
import { formatP, formatPAgainst } from './p-value.ts';
import { formatImprovement } from './percent.ts';

/**
 * How a value reads: a share 0-1 shown in percent (`ratio`), a direction-aware improvement shown
 * as a signed percentage (`improvement`: better is positive), a count, hours, a value that already
 * is a percentage (`pct`), a p-value (`p`), yes/no (`bool`).
 */
export type Unit = 'ratio' | 'improvement' | 'count' | 'hours' | 'pct' | 'p' | 'bool';

/** What a missing value prints as. */
export const MISSING = '—';

const SUFFIX: Record<Unit, string> = {
  ratio: ' %',
  improvement: ' %',
  pct: ' %',
  hours: ' h',
  count: '',
  p: '',
  bool: '',
};
const share = (unit: Unit) => unit === 'ratio' || unit === 'improvement';
const scale = (unit: Unit, x: number) => (share(unit) ? x * 100 : x);

/** The number of a value in its unit, `digits` decimals (null: the unit's usual digits). */
function body(unit: Unit, x: number, digits: number | null): string {
  if (share(unit)) return fixed(x, digits ?? 1);
  return digits === null ? plain(x) : String(Number(fixed(x, digits)));
}

/** A value in its unit: `95.0 %`, `3`, `1.5 h`, `2 %`, `3.10e-6`, `yes`; `—` when missing. */
export function formatValue(unit: Unit, v: number | boolean | null | undefined): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return MISSING;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (unit === 'p') return formatP(v);
  if (unit === 'improvement') return formatImprovement(v);
  return `${body(unit, scale(unit, v), null)}${SUFFIX[unit]}`;
}

/** A threshold exactly as configured, in its unit: `15 %`, `0.05`, `6 h`, `yes`. */
export function formatThreshold(unit: Unit, t: number | boolean | null | undefined): string {
  if (typeof t === 'number' && Number.isFinite(t) && unit !== 'p')
    return `${exact(scale(unit, t))}${SUFFIX[unit]}`;
  if (typeof t === 'number' && Number.isFinite(t)) return exact(t);
  return formatValue(unit, t);
}

/**
 * A measured value beside its threshold, with as many more digits as it takes for the printed
 * value to sit on the same side of the printed threshold as the value itself (`14.96 %` against
 * `15 %`, never `15.0 %`): the words of a receipt never contradict its status.
 */
export function formatAgainst(
  unit: Unit,
  v: number | boolean | null | undefined,
  threshold: number | boolean | null | undefined,
): string {
  if (
    typeof v !== 'number' ||
    typeof threshold !== 'number' ||
    !Number.isFinite(v) ||
    !Number.isFinite(threshold)
  )
    return formatValue(unit, v);
  if (unit === 'p') return formatPAgainst(v, threshold);
  const x = scale(unit, v);
  const t = Number(exact(scale(unit, threshold)));
  const from = share(unit) ? 1 : 3;
  const text = distinctFrom(x, t, (d) => (d === from ? body(unit, x, null) : body(unit, x, d)), from);
  return `${text}${SUFFIX[unit]}`;
}

/** A margin to the threshold, signed, never rounded to a misleading 0: `+0.04 %`, `-2`. */
export function formatMargin(unit: Unit, m: number | null | undefined): string {
  if (m === null || m === undefined || !Number.isFinite(m)) return MISSING;
  const text = formatAgainst(unit === 'p' ? 'count' : unit, m, 0);
  return m > 0 ? `+${text}` : text;
}
