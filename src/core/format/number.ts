/** Numbers as perfgate prints them: locale-independent, no float noise, no `-0`. */

/** A number at 12 significant digits (drops float noise such as 0.1 + 0.2); `-0` becomes 0. */
export function round12(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Number(x.toPrecision(12));
  return Object.is(r, -0) ? 0 : r;
}

/** A number as people read it: at most three decimals, trailing zeros dropped (`0.9`, `12.346`). */
export function plain(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(round12(Number(x.toFixed(3))));
}

/** A decimal string with its integer part grouped by thousands, as people read it: `10,593.9`, `-1,200`. */
export function grouped(s: string): string {
  return s.replace(
    /^(-?)(\d+)/,
    (_, sign: string, int: string) => sign + int.replace(/\B(?=(\d{3})+$)/g, ','),
  );
}

/**
 * A number for reading (pages and tables): `plain`'s digits, grouped by thousands (`34,327.28`). A
 * value too small for three decimals keeps two significant digits (`0.00042`): never a nonzero
 * value shown as `0`.
 */
export function display(x: number): string {
  if (x !== 0 && Number.isFinite(x) && Math.abs(x) < 0.0005) return String(round12(Number(x.toPrecision(2))));
  return grouped(plain(x));
}

/** A number exactly as configured (12 significant digits): thresholds are shown as they were set. */
export function exact(x: number): string {
  return String(round12(x));
}

/** `x` with `digits` decimals; `-0.0` shows as `0.0`. */
export function fixed(x: number, digits: number): string {
  const s = round12(x).toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** `x` with `digits` decimals and its sign, `+` when it shows above zero: `+4.20`, `-4.20`, `0.00`. */
export function signed(x: number, digits: number): string {
  const s = fixed(x, digits);
  return Number(s) > 0 ? `+${s}` : s;
}

/** -1, 0 or 1: how `a` compares with `b` at 12 significant digits (the precision gates decide at). */
export function relation(a: number, b: number): -1 | 0 | 1 {
  const x = round12(a);
  const y = round12(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The shortest of `render(digits)` for digits `from`..12 whose printed number compares with `other`
 * as `value` does: rounding never shows a value on the wrong side of a threshold, or equal to it.
 */
export function distinctFrom(
  value: number,
  other: number,
  render: (digits: number) => string,
  from: number,
): string {
  const want = relation(value, other);
  for (let d = from; d <= 12; d++) {
    const text = render(d);
    if (relation(Number(text), other) === want) return text;
  }
  return exact(value); // closer than 12 decimals show (5e-324 against 0): every significant digit
}

/** A decimal number as people type it (sign, digits, point, exponent): what the CSV and flags accept. */
export const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
