/** Where each frame of a tree goes in a flame graph, with small frames merged into one "other" per parent. */
import type { FrameNode } from './model.ts';

export interface LaidFrame {
  name: string;
  module: string;
  self: number;
  total: number;
  depth: number;
  /** Left edge and width as fractions of the root's total. */
  x: number;
  w: number;
  /** Path from the root (names and modules), to match frames across two profiles. */
  key: string;
  /** How many frames were merged into this "other" rectangle (0 for a real frame). */
  merged: number;
}

export interface LayoutOptions {
  /** Frames narrower than this share of the total are merged into "other" (bounded size). */
  minShare: number;
  /** Frames deeper than this are not drawn. */
  maxDepth: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { minShare: 0.002, maxDepth: 120 };

/** Lays out `root`, parents before children, left to right. */
export function layoutTree(root: FrameNode, opts: LayoutOptions = DEFAULT_LAYOUT): LaidFrame[] {
  const total = root.total;
  const out: LaidFrame[] = [];
  if (total <= 0) return out;
  const stack: [FrameNode, number, number, string][] = [[root, 0, 0, '']];
  while (stack.length) {
    const [n, depth, x, key] = stack.pop()!;
    out.push({
      name: n.name,
      module: n.module,
      self: n.self,
      total: n.total,
      depth,
      x: x / total,
      w: n.total / total,
      key,
      merged: 0,
    });
    if (depth >= opts.maxDepth) continue;
    let cx = x;
    let other = 0;
    let merged = 0;
    const next: [FrameNode, number, number, string][] = [];
    for (const c of n.children) {
      if (c.total / total < opts.minShare) {
        other += c.total;
        merged++;
        continue;
      }
      next.push([c, depth + 1, cx, `${key}\u0001${c.name}\u0000${c.module}`]);
      cx += c.total;
    }
    if (merged > 0)
      out.push({
        name: merged === 1 ? '1 small frame' : `${merged} small frames`,
        module: '',
        self: 0,
        total: other,
        depth: depth + 1,
        x: cx / total,
        w: other / total,
        key: `${key}\u0001\u0002other`,
        merged,
      });
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return out;
}

/** At most this many rectangles in one SVG: past it, the "small frame" cut doubles until it fits. */
export const MAX_SVG_FRAMES = 3000;

/** layoutTree with the smallest share cut (from the default, doubling) that keeps the frame count bounded. */
export function boundedLayout(root: FrameNode): { frames: LaidFrame[]; minShare: number } {
  let opts = DEFAULT_LAYOUT;
  let frames = layoutTree(root, opts);
  while (frames.length > MAX_SVG_FRAMES && opts.minShare < 0.5) {
    opts = { ...opts, minShare: opts.minShare * 2 };
    frames = layoutTree(root, opts);
  }
  return { frames, minShare: opts.minShare };
}
