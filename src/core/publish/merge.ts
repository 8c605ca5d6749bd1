/** Moves one folder tree into another (renames, no copies), refusing to replace any file. */
import { lstat, readdir, rename, rmdir } from 'node:fs/promises';
import path from 'node:path';

/** Moves everything under `from` into `to`: a missing entry is renamed whole, a folder on both sides merged. */
export async function mergeTree(from: string, to: string, what = 'evidence copy'): Promise<void> {
  let names: string[];
  try {
    names = await readdir(from);
  } catch {
    return; // nothing to merge
  }
  for (const name of names.sort()) {
    const src = path.join(from, name);
    const dest = path.join(to, name);
    const existing = await lstat(dest).catch(() => undefined);
    if (!existing) await rename(src, dest);
    else if (existing.isDirectory() && (await lstat(src)).isDirectory()) await mergeTree(src, dest, what);
    else throw new Error(`${what} ${dest} collides with a page of the site`);
  }
  await rmdir(from).catch(() => undefined);
}
