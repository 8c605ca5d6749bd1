/**
 * The cleanup log against the tombstones (pure): the log excuses nothing on its own. Every archived
 * cycle it records as pruned must have left a tombstone, and every tombstone must be in the log
 * with the same manifest digest and time.
 */
import { parseStrictJson } from '../load/json.ts';
import { decodeUtf8 } from '../load/text.ts';
import { tombstoneName, type CheckedTombstone } from './tombstone.ts';

export const CLEANUP_LOG = 'cleanup-log.json';

/** The log as read from disk. */
export type CleanupLogRead = { absent: true } | { bytes: Buffer } | { unreadable: string };

/** A disagreement between the log and the tombstones, naming the cycle (its tombstone) and the file. */
export interface LogProblem {
  name?: string;
  path: string;
  message: string;
}

interface LogEntry {
  cycle_id?: unknown;
  kind?: unknown;
  deleted_at?: unknown;
  evidence_manifest_sha256?: unknown;
}

function entriesOf(log: CleanupLogRead): LogEntry[] | string {
  if ('absent' in log) return [];
  if ('unreadable' in log) return `unreadable cleanup log (${log.unreadable})`;
  const text = decodeUtf8(log.bytes);
  const parsed = text.ok ? parseStrictJson(text.text, CLEANUP_LOG) : undefined;
  const entries = (parsed?.data as { entries?: unknown } | undefined)?.entries;
  if (!parsed || parsed.diagnostics.length > 0 || !Array.isArray(entries))
    return 'unreadable cleanup log (expected {"entries": [...]} as `perfgate prune` writes it)';
  return entries.filter((e): e is LogEntry => typeof e === 'object' && e !== null);
}

/** Where the log and the tombstones disagree. */
export function checkCleanupLog(log: CleanupLogRead, tombstones: readonly CheckedTombstone[]): LogProblem[] {
  const entries = entriesOf(log);
  if (typeof entries === 'string') return [{ path: CLEANUP_LOG, message: entries }];
  const archived = entries.filter((e) => e.kind === 'archived');
  const out: LogProblem[] = [];
  for (const e of archived) {
    const id = String(e.cycle_id);
    const sha = String(e.evidence_manifest_sha256);
    if (!tombstones.some((t) => t.node?.cycleId === id && t.node.manifest === sha))
      out.push({
        name: tombstoneName(id),
        path: CLEANUP_LOG,
        message: `records the archived cycle ${id} (manifest ${sha}) as pruned at ${String(e.deleted_at)}, but the archive keeps no tombstone of it in ${tombstoneName(id)}/: its removal cannot be checked against the retention policy`,
      });
  }
  for (const t of tombstones) {
    const node = t.node;
    if (!node) continue; // the tombstone's own problems say why it has no place
    const mine = archived.filter((e) => e.cycle_id === node.cycleId);
    if (mine.some((e) => e.evidence_manifest_sha256 === node.manifest && e.deleted_at === t.prunedAt))
      continue;
    out.push({
      name: t.name,
      path: CLEANUP_LOG,
      message:
        mine.length === 0
          ? `no entry for ${node.cycleId}: \`perfgate prune\` logs every cycle it prunes (expected kind "archived", evidence_manifest_sha256 ${node.manifest}, deleted_at ${t.prunedAt ?? '(the tombstone has no valid pruned_at)'})`
          : `the entry for ${node.cycleId} records manifest ${String(mine[0]!.evidence_manifest_sha256)} deleted at ${String(mine[0]!.deleted_at)}, but the tombstone holds manifest ${node.manifest} pruned at ${t.prunedAt ?? '(no valid pruned_at)'}`,
    });
  }
  return out;
}
