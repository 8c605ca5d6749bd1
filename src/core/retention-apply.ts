/**
 * Applying retention decisions so that a kill at any point loses nothing unlogged: an archived
 * cycle's tombstone is kept first (chain/tombstone-write.ts), then each deletion is logged
 * (cleanup-log.json, written atomically), then its folder is renamed aside under a dot-name (one
 * atomic step that readers skip), then removed. A later run finishes what a killed one left aside
 * and never logs the same deletion twice.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './evidence/alive.ts';
import type { RetentionDecision } from './retention.ts';

export interface LogEntry {
  cycle_id: string;
  dir: string;
  kind: string;
  period_end: string | null;
  deleted_at: string;
  reason: string;
  files: number;
  bytes: number;
  evidence_manifest_sha256: string | null;
  /** For an archived cycle: its tombstone's folder in the archive (`.pruned/<cycle_id>`). */
  tombstone?: string;
}

export interface CleanupLog {
  entries: LogEntry[];
}

const ASIDE = /^\.(.+)\.perfgate-pruning-(\d+)$/;

/** Where a folder is moved before it is removed: a dot-name beside it, which no reader lists. */
export function asideName(dir: string, pid: number = process.pid): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.perfgate-pruning-${pid}`);
}

/** Writes the log atomically: temporary file, fsync, rename. */
export async function writeLog(file: string, log: CleanupLog): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  const handle = await open(
    tmp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
    0o666,
  );
  try {
    await handle.writeFile(JSON.stringify(log, null, 2) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

/** Removes folders a killed run had already logged and moved aside (their process is gone). */
export async function finishKilledRuns(parents: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const parent of new Set(parents)) {
    for (const name of await readdir(parent).catch(() => [] as string[])) {
      const m = ASIDE.exec(name);
      if (!m || isAlive(Number(m[2]))) continue;
      const abs = path.join(parent, name);
      if (!(await lstat(abs)).isDirectory()) continue;
      await rm(abs, { recursive: true, force: true });
      removed.push(abs);
    }
    // A log temporary file of a killed run never replaced the log: drop it.
    for (const name of await readdir(parent).catch(() => [] as string[]))
      if (/^\.cleanup-log\.json\.tmp-\d+$/.test(name) && !isAlive(Number(name.split('-').at(-1))))
        await rm(path.join(parent, name), { force: true });
  }
  return removed;
}

const same = (a: LogEntry, b: LogEntry) =>
  a.cycle_id === b.cycle_id && a.dir === b.dir && a.evidence_manifest_sha256 === b.evidence_manifest_sha256;

/** Deletes each decided folder: keep (its tombstone), log, move aside, remove. Returns the entries of this run. */
export async function applyDeletions(
  decisions: readonly RetentionDecision[],
  logFile: string,
  log: CleanupLog,
  describe: (d: RetentionDecision) => Promise<LogEntry>,
  keep: (d: RetentionDecision) => Promise<void> = async () => undefined,
): Promise<LogEntry[]> {
  const deleted: LogEntry[] = [];
  for (const d of decisions.filter((x) => x.action === 'delete')) {
    const entry = await describe(d);
    await keep(d);
    if (!log.entries.some((e) => same(e, entry))) {
      log.entries.push(entry);
      await writeLog(logFile, log);
    }
    const aside = asideName(d.dir);
    await rename(d.dir, aside);
    await rm(aside, { recursive: true, force: true });
    deleted.push(entry);
  }
  return deleted;
}
