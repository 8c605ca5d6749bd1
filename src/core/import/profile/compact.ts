/** A small JSON form of a frame tree for the site's interactive flame graph: pruned, bounded, string-tabled. */
import type { FrameNode } from './model.ts';

/**
 * [name index, module index, self, total, children, baseline]; "other" rectangles have name
 * `N small frames`. `baseline` is in differential trees only, and not on "other" nodes: the total
 * weight of the same frame path in the baseline profile, 0 when the baseline does not have it.
 */
export type CompactNode = [number, number, number, number, CompactNode[], number?];

export interface CompactTree {
  strings: string[];
  root: CompactNode;
  /** Frames at or above this share of the total are kept; smaller ones merge into "other". */
  min_share: number;
  /** Set on a differential tree (the after profile's shape, each node with its baseline weight). */
  diff?: CompactDiff;
}

export interface CompactDiff {
  /** The baseline profile's total weight: each node's baseline weight is a share of it. */
  baseline_total: number;
  /** The change in percentage points drawn in the strongest colour (the static differential SVG's scale). */
  scale: number;
}

/** At most this many nodes reach the page, whatever the profile's size. */
export const MAX_COMPACT_NODES = 4000;

function count(n: FrameNode, minTotal: number, depth: number): number {
  if (depth > 120) return 0;
  let c = 1;
  let small = false;
  for (const k of n.children) {
    if (k.total < minTotal) small = true;
    else c += count(k, minTotal, depth + 1);
  }
  return c + (small ? 1 : 0);
}

const frameKey = (n: FrameNode) => `${n.name}\u0000${n.module}`;

/** The compact form of `root` (with `baseline`, each node's baseline weight as its sixth element). */
function compact(root: FrameNode, baseline: FrameNode | undefined): CompactTree {
  let minShare = 0.001;
  while (count(root, root.total * minShare, 0) > MAX_COMPACT_NODES && minShare < 0.5) minShare *= 2;
  const minTotal = root.total * minShare;
  const strings: string[] = [];
  const index = new Map<string, number>();
  const s = (v: string) => {
    let i = index.get(v);
    if (i === undefined) {
      i = strings.length;
      strings.push(v);
      index.set(v, i);
    }
    return i;
  };
  // `was`: the baseline's node of the same frame path (frames merge by name and module: a path is unique).
  const build = (n: FrameNode, was: FrameNode | undefined, depth: number): CompactNode => {
    const kids: CompactNode[] = [];
    let other = 0;
    let merged = 0;
    const wasKids = was && new Map(was.children.map((k) => [frameKey(k), k]));
    if (depth < 120)
      for (const k of n.children) {
        if (k.total < minTotal) {
          other += k.total;
          merged++;
        } else kids.push(build(k, wasKids?.get(frameKey(k)), depth + 1));
      }
    if (merged)
      kids.push([s(merged === 1 ? '1 small frame' : `${merged} small frames`), s(''), 0, other, []]);
    const node: CompactNode = [s(n.name), s(n.module), n.self, n.total, kids];
    if (baseline) node.push(was?.total ?? 0);
    return node;
  };
  return { strings, root: build(root, baseline, 0), min_share: minShare };
}

/** The compact tree of `root`, the smallest share threshold (from 0.1 %, doubling) that fits the node cap. */
export function compactTree(root: FrameNode): CompactTree {
  return compact(root, undefined);
}

/**
 * The compact differential tree: the after profile's shape (pruned as compactTree prunes it), each
 * node with the baseline's weight at the same frame path; `scale` is the differential SVG's colour scale.
 */
export function compactDiffTree(baseline: FrameNode, after: FrameNode, scale: number): CompactTree {
  return { ...compact(after, baseline), diff: { baseline_total: baseline.total, scale } };
}
