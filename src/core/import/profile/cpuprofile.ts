/** V8 `.cpuprofile` (node --cpu-prof, Chrome DevTools): the weight of a node is the number of samples that hit it. */
import { moduleOfFile } from './modules.ts';
import { ProfileError, TreeBuilder, type Frame, type ProfileTree } from './model.ts';

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
  children?: number[];
}

/** Parses the JSON value of a `.cpuprofile`. */
export function parseCpuprofile(data: unknown): ProfileTree {
  const doc = data as { nodes?: unknown; samples?: unknown };
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.nodes))
    throw new ProfileError('expected a V8 CPU profile: an object with a "nodes" array', {
      pointer: '/nodes',
    });
  const nodes = new Map<number, CpuNode>();
  const parent = new Map<number, number>();
  doc.nodes.forEach((raw: unknown, i: number) => {
    const n = raw as CpuNode;
    if (!n || typeof n.id !== 'number' || !n.callFrame || typeof n.callFrame.functionName !== 'string')
      throw new ProfileError('expected a node with a numeric "id" and a "callFrame.functionName"', {
        pointer: `/nodes/${i}`,
      });
    if (nodes.has(n.id)) throw new ProfileError(`duplicate node id ${n.id}`, { pointer: `/nodes/${i}/id` });
    nodes.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  });
  const counts = new Map<number, number>();
  if (Array.isArray(doc.samples) && doc.samples.length > 0) {
    doc.samples.forEach((id: unknown, i: number) => {
      if (typeof id !== 'number' || !nodes.has(id))
        throw new ProfileError(`sample names node ${String(id)}, which is not in "nodes"`, {
          pointer: `/samples/${i}`,
        });
      counts.set(id, (counts.get(id) ?? 0) + 1);
    });
  } else {
    for (const n of nodes.values()) if (n.hitCount) counts.set(n.id, n.hitCount);
  }
  const builder = new TreeBuilder();
  for (const [id, count] of [...counts].sort((a, b) => a[0] - b[0])) {
    const stack: Frame[] = [];
    const seen = new Set<number>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      if (seen.has(cur)) throw new ProfileError(`node ${cur} is its own ancestor`, { pointer: '/nodes' });
      seen.add(cur);
      const n = nodes.get(cur)!;
      if (parent.get(cur) === undefined && n.callFrame.functionName === '(root)') break;
      stack.push({
        name: n.callFrame.functionName || '(anonymous)',
        module: moduleOfFile(n.callFrame.url ?? ''),
      });
    }
    builder.add(stack.reverse(), count);
  }
  return builder.finish('cpuprofile', 'samples');
}
