/**
 * V8 `.cpuprofile` (node --cpu-prof, Chrome DevTools): the weight of a node is the number of samples
 * that hit it. The file is checked whole before use (every field of its type, every child an id of
 * `nodes` with one parent, no cycle), each problem a ProfileError with its JSON pointer; the node tree
 * is then walked iteratively, so a profile thousands of frames deep is read in linear time.
 */
import { moduleOfFile } from './modules.ts';
import { ProfileError, TreeBuilder, type BuildNode, type Frame, type ProfileTree } from './model.ts';

interface CpuNode {
  /** Index in `nodes`, for pointers. */
  at: number;
  id: number;
  frame: Frame;
  hitCount: number;
  children: number[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => Number.isSafeInteger(v);

/** One entry of `nodes`, with the type of every field checked. */
function readNode(raw: unknown, i: number): CpuNode {
  const at = `/nodes/${i}`;
  if (!isObject(raw)) throw new ProfileError('expected a node object', { pointer: at });
  if (!isId(raw.id)) throw new ProfileError('expected a whole-number "id"', { pointer: `${at}/id` });
  const cf = raw.callFrame;
  if (!isObject(cf)) throw new ProfileError('expected a "callFrame" object', { pointer: `${at}/callFrame` });
  if (typeof cf.functionName !== 'string')
    throw new ProfileError('expected "callFrame.functionName" to be a string', {
      pointer: `${at}/callFrame/functionName`,
    });
  if (cf.url !== undefined && typeof cf.url !== 'string')
    throw new ProfileError('expected "callFrame.url" to be a string', { pointer: `${at}/callFrame/url` });
  if (raw.hitCount !== undefined && !(isId(raw.hitCount) && raw.hitCount >= 0))
    throw new ProfileError('expected "hitCount" to be a whole number >= 0', { pointer: `${at}/hitCount` });
  const children = raw.children ?? [];
  if (!Array.isArray(children))
    throw new ProfileError('expected "children" to be an array of node ids', { pointer: `${at}/children` });
  children.forEach((c: unknown, j) => {
    if (!isId(c))
      throw new ProfileError('expected a node id (a whole number)', { pointer: `${at}/children/${j}` });
  });
  return {
    at: i,
    id: raw.id,
    frame: { name: cf.functionName || '(anonymous)', module: moduleOfFile(cf.url ?? '') },
    hitCount: raw.hitCount ?? 0,
    children: children as number[],
  };
}

/** Each node's parent; a child that is not a node, or that has two parents, is an error. */
function parents(nodes: Map<number, CpuNode>): Map<number, number> {
  const parent = new Map<number, number>();
  for (const n of nodes.values())
    n.children.forEach((c, j) => {
      const pointer = `/nodes/${n.at}/children/${j}`;
      if (!nodes.has(c)) throw new ProfileError(`child ${c} is not a node of "nodes"`, { pointer });
      const other = parent.get(c);
      if (other !== undefined)
        throw new ProfileError(`node ${c} is a child of both node ${other} and node ${n.id}`, { pointer });
      parent.set(c, n.id);
    });
  return parent;
}

/** Sample counts per node id: from `samples` when present, else from each node's `hitCount`. */
function counts(doc: Record<string, unknown>, nodes: Map<number, CpuNode>): Map<number, number> {
  const out = new Map<number, number>();
  const samples = doc.samples;
  if (samples !== undefined && !Array.isArray(samples))
    throw new ProfileError('expected "samples" to be an array of node ids', { pointer: '/samples' });
  if (samples && samples.length > 0) {
    samples.forEach((id: unknown, i) => {
      if (!isId(id) || !nodes.has(id))
        throw new ProfileError(`sample names node ${String(id)}, which is not in "nodes"`, {
          pointer: `/samples/${i}`,
        });
      out.set(id, (out.get(id) ?? 0) + 1);
    });
  } else for (const n of nodes.values()) if (n.hitCount) out.set(n.id, n.hitCount);
  return out;
}

/** Parses the JSON value of a `.cpuprofile`. */
export function parseCpuprofile(data: unknown): ProfileTree {
  if (!isObject(data) || !Array.isArray(data.nodes))
    throw new ProfileError('expected a V8 CPU profile: an object with a "nodes" array', {
      pointer: '/nodes',
    });
  const nodes = new Map<number, CpuNode>();
  (data.nodes as unknown[]).forEach((raw, i) => {
    const n = readNode(raw, i);
    if (nodes.has(n.id)) throw new ProfileError(`duplicate node id ${n.id}`, { pointer: `/nodes/${i}/id` });
    nodes.set(n.id, n);
  });
  const parent = parents(nodes);
  const hits = counts(data, nodes);

  // Parents before children, from the roots; a node never reached hangs below a cycle.
  const order: CpuNode[] = [...nodes.values()].filter((n) => !parent.has(n.id));
  for (let i = 0; i < order.length; i++) for (const c of order[i]!.children) order.push(nodes.get(c)!);
  if (order.length < nodes.size) {
    const reached = new Set(order);
    let cur = [...nodes.values()].find((n) => !reached.has(n))!;
    const seen = new Set<number>();
    while (!seen.has(cur.id)) {
      seen.add(cur.id);
      cur = nodes.get(parent.get(cur.id)!)!;
    }
    throw new ProfileError(`node ${cur.id} is its own ancestor: the "children" lists form a cycle`, {
      pointer: `/nodes/${cur.at}/children`,
    });
  }
  // Weight below each node, children first, so that frames without samples are left out.
  const below = new Map<number, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    below.set(n.id, (hits.get(n.id) ?? 0) + n.children.reduce((t, c) => t + below.get(c)!, 0));
  }
  const builder = new TreeBuilder();
  const work: [CpuNode, BuildNode | undefined][] = order
    .filter((n) => !parent.has(n.id))
    .map((n) => [n, undefined]);
  while (work.length) {
    const [n, under] = work.pop()!;
    if (below.get(n.id) === 0) continue;
    // A top node named (root) is V8's own root: its children are the outermost frames.
    const node =
      under === undefined && n.frame.name === '(root)'
        ? builder.top
        : builder.child(under ?? builder.top, n.frame);
    const hit = hits.get(n.id);
    if (hit) builder.addSelf(node, hit);
    for (const c of n.children) work.push([nodes.get(c)!, node]);
  }
  return builder.finish('cpuprofile', 'samples');
}
