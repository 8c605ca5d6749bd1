/** The one stack-weight model every profile format is read into: a tree of frames with self and total weight. */

export type ProfileFormat = 'cpuprofile' | 'folded' | 'pprof' | 'speedscope';
export const PROFILE_FORMATS: readonly ProfileFormat[] = ['cpuprofile', 'folded', 'pprof', 'speedscope'];

export interface Frame {
  name: string;
  /** Package or module the frame belongs to ('' when the profile does not say). */
  module: string;
}

export interface FrameNode extends Frame {
  self: number;
  total: number;
  /** Sorted by name, then module: the same profile always gives the same tree. */
  children: FrameNode[];
}

export interface ProfileTree {
  format: ProfileFormat;
  /** What a weight counts: samples, nanoseconds, seconds, ... */
  unit: string;
  root: FrameNode;
}

/** Distinct frame paths past this many make a profile too large to draw or keep (memory stays bounded). */
export const MAX_NODES = 2_000_000;

/** A node of the tree being built (TreeBuilder's handle for top-down building). */
export interface BuildNode extends Frame {
  self: number;
  total: number;
  kids: Map<string, BuildNode> | undefined;
}

/** Thrown by a builder or parser; the caller turns it into a diagnostic naming the file. */
export class ProfileError extends Error {
  readonly line: number | undefined;
  readonly pointer: string | undefined;
  constructor(message: string, where: { line?: number; pointer?: string } = {}) {
    super(message);
    this.line = where.line;
    this.pointer = where.pointer;
  }
}

/** Merges stacks into a tree as they arrive, so memory grows with distinct paths, not with stacks read. */
export class TreeBuilder {
  private readonly root: BuildNode = { name: 'all', module: '', self: 0, total: 0, kids: undefined };
  private nodes = 1;
  /** Self weights were set top down (`addSelf`): totals are summed once, at the end. */
  private topDown = false;

  /** Adds `weight` to every frame of `stack` (outermost first) and to the root. */
  add(stack: readonly Frame[], weight: number): void {
    checkWeight(weight);
    if (weight === 0) return;
    let node = this.root;
    node.total += weight;
    for (const f of stack) {
      node = this.child(node, f);
      node.total += weight;
    }
    node.self += weight;
  }

  /** The node of the root, to build a tree top down (a profile that is a tree already). */
  get top(): BuildNode {
    return this.root;
  }

  /** The child `f` of `parent`, created when new (frames of the same name and module merge). */
  child(parent: BuildNode, f: Frame): BuildNode {
    parent.kids ??= new Map();
    const key = `${f.name}\u0000${f.module}`;
    let next = parent.kids.get(key);
    if (!next) {
      if (++this.nodes > MAX_NODES)
        throw new ProfileError(`the profile has more than ${MAX_NODES} distinct frame paths`);
      next = { name: f.name, module: f.module, self: 0, total: 0, kids: undefined };
      parent.kids.set(key, next);
    }
    return next;
  }

  /** Adds `weight` to the self weight of `node` (a node of `top` or below); totals follow in `finish`. */
  addSelf(node: BuildNode, weight: number): void {
    checkWeight(weight);
    node.self += weight;
    this.topDown = true;
  }

  /** The finished tree with children sorted (deterministic order). */
  finish(format: ProfileFormat, unit: string): ProfileTree {
    return { format, unit, root: freeze(this.root, this.topDown) };
  }
}

function checkWeight(weight: number): void {
  if (!(weight >= 0) || !Number.isFinite(weight))
    throw new ProfileError(`a weight of ${weight} is not a non-negative number`);
}

/**
 * The build tree as a FrameNode tree, children sorted; `sumTotals` sets each total to its self plus
 * its children's totals. Iterative, so that a stack thousands of frames deep fits the call stack.
 */
function freeze(top: BuildNode, sumTotals: boolean): FrameNode {
  const made = (n: BuildNode): FrameNode => ({
    name: n.name,
    module: n.module,
    self: n.self,
    total: n.total,
    children: [],
  });
  const root = made(top);
  const order: FrameNode[] = [];
  const work: [BuildNode, FrameNode][] = [[top, root]];
  while (work.length) {
    const [n, out] = work.pop()!;
    order.push(out);
    for (const k of n.kids?.values() ?? []) {
      const child = made(k);
      out.children.push(child);
      work.push([k, child]);
    }
    out.children.sort(compareFrames);
  }
  // Parents come before their children in `order`: backwards, every child's total is final first.
  if (sumTotals)
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i]!;
      n.total = n.self + n.children.reduce((t, c) => t + c.total, 0);
    }
  return root;
}

/** Orders frames by name, then module, by code unit (locale-independent). */
export function compareFrames(a: Frame, b: Frame): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.module !== b.module) return a.module < b.module ? -1 : 1;
  return 0;
}

/** Walks every node with its depth (root = 0), parents before children. */
export function* walk(root: FrameNode, depth = 0): Generator<[FrameNode, number]> {
  const stack: [FrameNode, number][] = [[root, depth]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    yield [n, d];
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i]!, d + 1]);
  }
}
