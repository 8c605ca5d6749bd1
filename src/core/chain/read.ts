/**
 * Reading what the chain check needs beyond the archived cycles: the tombstones
 * (`<archive>/.pruned/<cycle_id>/`) and the cleanup log. Synchronous, because the history checks
 * its chain in a synchronous step; the files are small and capped. Links are never followed: a
 * tombstone folder or file that is a link is reported, not read.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cmp } from '../diagnostics.ts';
import { errnoCode } from '../evidence/errors.ts';
import { CLEANUP_LOG, type CleanupLogRead } from './cleanup-log.ts';
import { PRUNED_DIR, TOMBSTONE_FILES, type TombstoneFiles } from './tombstone.ts';

const MAX_BYTES = 32 * 1024 * 1024;

/** What the archive's `.pruned/` folder holds: tombstones, and entries that cannot be one. */
export interface PrunedFolder {
  tombstones: TombstoneFiles[];
  /** Entries of `.pruned/` that are not tombstone folders (a file, a link), or why it is unreadable. */
  strays: { path: string; message: string }[];
}

function readNoFollow(file: string): Buffer | { unreadable: string } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    return { unreadable: errnoCode(e) === 'ELOOP' ? 'a symbolic link' : (errnoCode(e) ?? String(e)) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { unreadable: 'not a regular file' };
    if (st.size > MAX_BYTES) return { unreadable: `larger than ${MAX_BYTES} bytes` };
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

const isDirectory = (p: string) => {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** The tombstones under `archiveDir/.pruned/` (none when the folder is absent), sorted by folder name. */
export function readPrunedFolder(archiveDir: string): PrunedFolder {
  const root = path.join(archiveDir, PRUNED_DIR);
  const out: PrunedFolder = { tombstones: [], strays: [] };
  let st;
  try {
    st = lstatSync(root);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return out;
    out.strays.push({ path: PRUNED_DIR, message: `unreadable (${errnoCode(e) ?? String(e)})` });
    return out;
  }
  if (!st.isDirectory()) {
    out.strays.push({
      path: PRUNED_DIR,
      message: 'not a folder (a link or a file): no tombstone is read through it',
    });
    return out;
  }
  for (const folder of readdirSync(root).sort(cmp)) {
    // perfgate's own staging of a tombstone being written (a killed prune leaves it; prune removes it).
    if (/^\..+\.perfgate-tmp-\d+$/.test(folder)) continue;
    const dir = path.join(root, folder);
    if (!isDirectory(dir)) {
      out.strays.push({
        path: `${PRUNED_DIR}/${folder}`,
        message: 'not a tombstone folder (a file or a link)',
      });
      continue;
    }
    const files: TombstoneFiles['files'] = {};
    for (const f of TOMBSTONE_FILES) {
      const got = readNoFollow(path.join(dir, f));
      if (!('unreadable' in got && got.unreadable === 'ENOENT')) files[f] = got;
    }
    const others = readdirSync(dir)
      .filter((n) => !(TOMBSTONE_FILES as readonly string[]).includes(n))
      .sort(cmp);
    out.tombstones.push({ folder, files, others });
  }
  return out;
}

/** The archive's cleanup-log.json: absent, its bytes, or why it cannot be read. */
export function readCleanupLog(archiveDir: string): CleanupLogRead {
  const got = readNoFollow(path.join(archiveDir, CLEANUP_LOG));
  if (Buffer.isBuffer(got)) return { bytes: got };
  return got.unreadable === 'ENOENT' ? { absent: true } : { unreadable: got.unreadable };
}
