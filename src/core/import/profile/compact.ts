/** A small JSON form of a frame tree for the site's interactive flame graph: pruned, bounded, string-tabled. */
import type { FrameNode } from './model.ts';

/** [name index, module index, self, total, children]; "other" rectangles have name `N small frames`. */
export type CompactNode = [number, number, number, number, CompactNode[]];

export interface CompactTree {
  strings: string[];
  root: CompactNode;
  /** Frames at or above this share of the total are kept; smaller ones merge into "other". */
  min_share: number;
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

/** The compact tree of `root`, the smallest share threshold (from 0.1 %, doubling) that fits the node cap. */
export function compactTree(root: FrameNode): CompactTree {
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
  const build = (n: FrameNode, depth: number): CompactNode => {
    const kids: CompactNode[] = [];
    let other = 0;
    let merged = 0;
    if (depth < 120)
      for (const k of n.children) {
        if (k.total < minTotal) {
          other += k.total;
          merged++;
        } else kids.push(build(k, depth + 1));
      }
    if (merged)
      kids.push([s(merged === 1 ? '1 small frame' : `${merged} small frames`), s(''), 0, other, []]);
    return [s(n.name), s(n.module), n.self, n.total, kids];
  };
  return { strings, root: build(root, 0), min_share: minShare };
}
