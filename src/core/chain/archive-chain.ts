/**
 * The whole chain of an archive, checked (pure): the archived cycles and the tombstones of pruned
 * ones in the one chain order, every link, every tombstone against the retention policy, and the
 * cleanup log against the tombstones. `verify`, the history of `build` and `archive` use this.
 */
import { checkCleanupLog, type CleanupLogRead } from './cleanup-log.ts';
import { checkLinks, type ChainNode, type LinkMessage } from './links.ts';
import { chainOrder } from './order.ts';
import type { PrunedFolder } from './read.ts';
import { checkTombstone, type CheckedTombstone, type PrunePolicy } from './tombstone.ts';
import { EVIDENCE_MANIFEST } from '../artifacts.ts';

/** A cycle of the chain: archived (`tombstone` absent) or pruned. */
export interface ChainEntry<T extends ChainNode> {
  node: T | ChainNode;
  live?: T;
  tombstone?: CheckedTombstone;
}

/** A failure of the chain, charged to one cycle (`name`) and one of its files, or to the archive. */
export interface ChainProblem {
  kind: 'chain' | 'pruned';
  name?: string;
  path: string;
  message: string;
}

export interface CheckedChain<T extends ChainNode> {
  /** Oldest first. */
  entries: ChainEntry<T>[];
  problems: ChainProblem[];
  notes: LinkMessage[];
}

/** Checks the chain of `live` archived cycles (placed: with a period end) and the archive's tombstones. */
export function checkArchiveChain<T extends ChainNode>(
  live: readonly T[],
  pruned: PrunedFolder,
  log: CleanupLogRead,
  policy: PrunePolicy,
): CheckedChain<T> {
  const problems: ChainProblem[] = pruned.strays.map((s) => ({ kind: 'pruned', ...s }));
  const tombstones = pruned.tombstones.map((t) => checkTombstone(t, policy));
  const liveIds = new Set(live.map((c) => c.cycleId));
  for (const t of tombstones) {
    for (const p of t.problems) problems.push({ kind: 'pruned', name: t.name, ...p });
    if (t.node && liveIds.has(t.node.cycleId))
      problems.push({
        kind: 'pruned',
        name: t.name,
        path: EVIDENCE_MANIFEST,
        message: `${t.node.cycleId} is both archived and pruned: run \`perfgate prune --apply\` again to finish an interrupted prune, or remove the tombstone if the cycle was restored`,
      });
  }
  for (const p of checkCleanupLog(log, tombstones)) problems.push({ kind: 'pruned', ...p });
  const entries = chainOrder<ChainEntry<T> & { cycleId: string; end: number }>([
    ...live.map((c) => ({ node: c, live: c, cycleId: c.cycleId, end: c.end })),
    // A tombstone of a cycle still archived (a prune that was interrupted) is reported above, not chained twice.
    ...tombstones.flatMap((t) =>
      t.node && !liveIds.has(t.node.cycleId)
        ? [{ node: t.node, tombstone: t, cycleId: t.node.cycleId, end: t.node.end }]
        : [],
    ),
  ]).map(({ node, live: l, tombstone }) => ({
    node,
    ...(l ? { live: l } : {}),
    ...(tombstone ? { tombstone } : {}),
  }));
  const links = checkLinks(entries.map((e) => e.node));
  for (const f of links.findings)
    problems.push({ kind: 'chain', name: f.name, path: EVIDENCE_MANIFEST, message: f.message });
  return { entries, problems, notes: links.notes };
}
