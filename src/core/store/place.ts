/** Putting a file into a cycle without ever replacing one: staged in `.perfgate/`, then linked in. */
import { randomBytes } from 'node:crypto';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readFileNoFollow } from '../load/read-no-follow.ts';
import { PERFGATE_DIR } from '../load/walk.ts';

/** A fresh temporary path in the cycle's own dot-folder (same file system, so a link is atomic). */
export async function stagingPath(cycleDir: string, what: string): Promise<string> {
  const dir = path.join(cycleDir, PERFGATE_DIR);
  await mkdir(dir, { recursive: true });
  return path.join(dir, `${what}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Moves the staged `tmp` to `dest` only if nothing is there (a hard link fails on an existing name,
 * where a rename would replace it). Returns false when `dest` exists; `tmp` is removed either way.
 */
export async function placeNew(tmp: string, dest: string): Promise<boolean> {
  try {
    await mkdir(path.dirname(dest), { recursive: true });
    await link(tmp, dest);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Writes `data` to `dest` atomically unless a file is there; returns whether the file there now holds `data`. */
export async function writeNew(cycleDir: string, dest: string, data: Buffer): Promise<boolean> {
  const tmp = await stagingPath(cycleDir, path.basename(dest));
  await writeFile(tmp, data, { flag: 'wx', mode: 0o644 });
  if (await placeNew(tmp, dest)) return true;
  const there = await readFileNoFollow(dest, data.length + 1).catch(() => undefined);
  return there !== undefined && there.equals(data);
}
