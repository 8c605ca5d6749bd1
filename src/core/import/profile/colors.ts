/** Frame colours: one hue per package/module, and a text colour of at least 4.5:1 contrast on each fill. */

/** WCAG relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = c.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever contrasts more with `fill`. */
export function textColour(fill: string): string {
  return contrast(fill, '#000000') >= contrast(fill, '#ffffff') ? '#000000' : '#ffffff';
}

/** `#rrggbb` of an HSL colour (h in degrees, s and l in 0..1). */
export function hsl(h: number, s: number, l: number): string {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return (
    '#' +
    [0, 8, 4]
      .map((n) =>
        Math.round(f(n) * 255)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  );
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The fill of a module: a stable warm-to-cool hue from its name; frames without a module are grey. */
export function moduleFill(module: string): string {
  if (module === '') return '#d4d4d4';
  const h = fnv1a(module);
  return hsl(h % 360, 0.55 + ((h >>> 9) % 20) / 100, 0.72 + ((h >>> 17) % 10) / 100);
}

/** The fill of a merged "small frames" rectangle, in every flame graph. */
export const MERGED_FILL = '#e0e0e0';

/** A frame's change of total share in percentage points: its share after minus its share in the baseline. */
export function changePoints(afterShare: number, baselineShare: number): number {
  return 100 * (afterShare - baselineShare);
}

/** The colour scale of a differential graph: its largest change in points (at least 1), drawn strongest. */
export function changeScale(points: number[]): number {
  return points.reduce((m, p) => Math.max(m, Math.abs(p)), 1);
}

/** The fill of a change of share in percentage points: red for a gain, blue for a loss, paler when small. */
export function deltaFill(deltaPoints: number, maxAbs: number): string {
  if (!Number.isFinite(deltaPoints) || deltaPoints === 0 || maxAbs <= 0) return '#eeeeee';
  const t = Math.min(1, Math.abs(deltaPoints) / maxAbs);
  return hsl(deltaPoints > 0 ? 0 : 220, 0.75, 0.94 - 0.44 * t);
}
