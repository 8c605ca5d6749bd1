/** Per-function figures of a tree: self and total weight of each function wherever it appears. */
import type { FrameNode } from './model.ts';

export interface FunctionStat {
  name: string;
  module: string;
  self: number;
  /** Weight of the stacks the function is on, each counted once even when it recurses. */
  total: number;
}

/** Every function of the tree, by self weight (largest first), then name. */
export function functionStats(root: FrameNode): FunctionStat[] {
  const stats = new Map<string, FunctionStat>();
  const onStack = new Map<string, number>();
  // Iterative walk with explicit enter/leave so that deep trees do not overflow the call stack.
  const work: [FrameNode, boolean][] = root.children.map((c) => [c, true] as [FrameNode, boolean]).reverse();
  while (work.length) {
    const [n, enter] = work.pop()!;
    const key = `${n.name}\u0000${n.module}`;
    if (!enter) {
      onStack.set(key, onStack.get(key)! - 1);
      continue;
    }
    let s = stats.get(key);
    if (!s) stats.set(key, (s = { name: n.name, module: n.module, self: 0, total: 0 }));
    s.self += n.self;
    const depth = onStack.get(key) ?? 0;
    if (depth === 0) s.total += n.total;
    onStack.set(key, depth + 1);
    work.push([n, false]);
    for (let i = n.children.length - 1; i >= 0; i--) work.push([n.children[i]!, true]);
  }
  return [...stats.values()].sort(
    (a, b) => b.self - a.self || b.total - a.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

export interface ShareChange {
  name: string;
  module: string;
  /** Self share (0..1) in the baseline and after profiles. */
  before: number;
  after: number;
  delta: number;
}

/** Change of each function's self share between two profiles, largest gain first. */
export function shareChanges(base: FrameNode, after: FrameNode): ShareChange[] {
  const map = new Map<string, ShareChange>();
  const add = (root: FrameNode, side: 'before' | 'after') => {
    for (const s of functionStats(root)) {
      const key = `${s.name}\u0000${s.module}`;
      let c = map.get(key);
      if (!c) map.set(key, (c = { name: s.name, module: s.module, before: 0, after: 0, delta: 0 }));
      c[side] = root.total > 0 ? s.self / root.total : 0;
    }
  };
  add(base, 'before');
  add(after, 'after');
  for (const c of map.values()) c.delta = c.after - c.before;
  return [...map.values()].sort(
    (a, b) =>
      b.delta - a.delta || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.module < b.module ? -1 : 1),
  );
}
