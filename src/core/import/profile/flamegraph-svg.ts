/** The static flame-graph SVG: deterministic bytes, readable without JavaScript, bounded in size. */
import { changePoints, changeScale, deltaFill, MERGED_FILL, moduleFill, textColour } from './colors.ts';
import { formatWeight, pct, pointsChange } from './format.ts';
import { boundedLayout, type LaidFrame } from './layout.ts';
import type { FrameNode, ProfileTree } from './model.ts';
import { walk } from './model.ts';
import { xmlText } from '../../format/xml.ts';
import { fixed } from '../../format/number.ts';

const WIDTH = 1200;
const PAD = 10;
const ROW = 18;
const HEAD = 44;
const CHAR = 7;
const INNER = WIDTH - 2 * PAD;

interface Paint {
  fill: string;
  /** Extra text for the frame's tooltip (the change of share in a differential graph). */
  note: string;
}

/** The label that fits in `width` pixels: the whole name, or its start and an ellipsis, or nothing. */
export function fitLabel(name: string, width: number): string {
  const chars = Math.floor((width - 6) / CHAR);
  if (chars < 3) return '';
  const cps = Array.from(name);
  return cps.length <= chars ? name : cps.slice(0, chars - 1).join('') + '…';
}

function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function render(
  tree: ProfileTree,
  title: string,
  subtitle: string,
  paint: (f: LaidFrame) => Paint,
  legend: string,
): string {
  const { frames, minShare } = boundedLayout(tree.root);
  const depth = frames.reduce((m, f) => Math.max(m, f.depth), 0);
  const height = HEAD + (depth + 1) * ROW + PAD + (legend ? 24 : 0);
  const total = tree.root.total;
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="fg-title fg-desc" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">`,
    `<title id="fg-title">${xmlText(title)}</title>`,
    `<desc id="fg-desc">${xmlText(subtitle)}. Each rectangle is a function; its width is its share of the total, callers above callees.</desc>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PAD}" y="18" font-size="15" fill="#000000">${xmlText(title)}</text>`,
    `<text x="${PAD}" y="36" fill="#333333">${xmlText(subtitle)}</text>`,
  ];
  for (const f of frames) {
    const x = PAD + f.x * INNER;
    const w = f.w * INNER;
    const y = HEAD + f.depth * ROW;
    const p = paint(f);
    const what = f.merged
      ? `${f.name} (each under ${(100 * minShare).toFixed(1)} %), together ${pct(f.total, total)} (${formatWeight(f.total, tree.unit)})`
      : `${f.name}${f.module ? ` (${f.module})` : ''}: total ${pct(f.total, total)} (${formatWeight(f.total, tree.unit)}), self ${pct(f.self, total)} (${formatWeight(f.self, tree.unit)})`;
    const label = fitLabel(f.name, w);
    out.push(
      `<g><title>${xmlText(what + p.note)}</title><rect x="${px(x)}" y="${y}" width="${px(Math.max(w, 0.1))}" height="${ROW - 1}" fill="${p.fill}"/>` +
        (label
          ? `<text x="${px(x + 3)}" y="${y + 13}" fill="${textColour(p.fill)}">${xmlText(label)}</text>`
          : '') +
        `</g>`,
    );
  }
  if (legend) out.push(legend.replaceAll('{Y}', String(height - 14)));
  out.push(`</svg>`, '');
  return out.join('\n');
}

/** The flame graph of one profile, coloured by package/module. */
export function flameGraphSvg(tree: ProfileTree, title: string): string {
  const subtitle = `${tree.format} profile, total ${formatWeight(tree.root.total, tree.unit)}, colour by package or module`;
  return render(
    tree,
    title,
    subtitle,
    (f) => ({ fill: f.merged ? MERGED_FILL : moduleFill(f.module), note: '' }),
    '',
  );
}

/** Total share of every frame path of a tree (key as in layoutTree). */
export function pathShares(root: FrameNode): Map<string, number> {
  const shares = new Map<string, number>();
  const keys: string[] = [];
  for (const [n, d] of walk(root)) {
    keys[d] = d === 0 ? '' : `${keys[d - 1]}\u0001${n.name}\u0000${n.module}`;
    shares.set(keys[d]!, root.total > 0 ? n.total / root.total : 0);
  }
  return shares;
}

/** The legend of a differential graph whose colour scale is `scale` points: [fill, words] from gain to loss. */
export function diffLegend(scale: number): [string, string][] {
  return [
    [deltaFill(scale, scale), `gained ${scale.toFixed(1)} points or more`],
    [deltaFill(scale / 4, scale), 'gained a little'],
    ['#eeeeee', 'unchanged'],
    [deltaFill(-scale / 4, scale), 'lost a little'],
    [deltaFill(-scale, scale), `lost ${scale.toFixed(1)} points or more`],
  ];
}

/** The differential flame graph and its colour scale (the change in points drawn in the strongest colour). */
export function diffFlameGraph(
  base: ProfileTree,
  after: ProfileTree,
  title: string,
): { svg: string; scale: number } {
  const before = pathShares(base.root);
  const { frames } = boundedLayout(after.root);
  const deltas = new Map(frames.map((f) => [f.key, changePoints(f.w, before.get(f.key) ?? 0)]));
  const maxAbs = changeScale([...deltas.values()]);
  const paint = (f: LaidFrame): Paint => {
    if (f.merged) return { fill: MERGED_FILL, note: '' };
    const d = deltas.get(f.key) ?? 0;
    const was = before.get(f.key);
    const note =
      was === undefined
        ? '; new in the after profile'
        : `; baseline ${fixed(100 * was, 2)} %, change ${pointsChange(d)}`;
    return { fill: deltaFill(d, maxAbs), note };
  };
  const legend =
    `<g aria-label="legend">` +
    diffLegend(maxAbs)
      .map(
        ([fill, text], i) =>
          `<rect x="${PAD + i * 230}" y="{Y}" width="14" height="12" fill="${fill}" stroke="#666666"/><text x="${PAD + i * 230 + 20}" y="{Y}" dy="10" fill="#000000">${xmlText(text)}</text>`,
      )
      .join('') +
    `</g>`;
  const subtitle = `after profile's shape (${after.format}, total ${formatWeight(after.root.total, after.unit)}), colour by change of total share against the baseline (${base.format}, total ${formatWeight(base.root.total, base.unit)})`;
  return { svg: render(after, title, subtitle, paint, legend), scale: maxAbs };
}

/** The differential flame graph: the after profile's shape, each frame coloured by the change of its share. */
export function diffFlameGraphSvg(base: ProfileTree, after: ProfileTree, title: string): string {
  return diffFlameGraph(base, after, title).svg;
}
