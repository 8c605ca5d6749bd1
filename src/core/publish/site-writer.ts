/**
 * The site's writer: the same contract as the emit writer (emit/writer.ts: stage everything, make
 * it visible all at once on commit, leave the previous outputs as they were otherwise), for a
 * whole folder tree that Astro and Pagefind write. Everything is staged in a scratch folder beside
 * --out named after the building process; commit swaps the staged site into place in two renames;
 * a killed build's leftovers are cleaned (and its previous site put back) by the next one.
 */
import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { eachLimit } from '../each-limit.ts';
import { isAlive } from '../evidence/alive.ts';

export interface SiteWriter {
  /** The published site (an absolute path). */
  readonly out: string;
  /**
   * This build's scratch folder beside `out` (same file system, so commit is a rename): Astro's
   * root, the staged site, the evidence copies. Nothing else of the build is written elsewhere.
   */
  readonly work: string;
  /**
   * Makes `staged` (a folder inside `work`) the published site, replacing the previous one in one
   * step; `between` runs after the previous site is moved aside and before the new one moves in.
   */
  commit(staged: string, between?: () => Promise<void>): Promise<void>;
  /** Removes the scratch folder: what was not committed is dropped, the published site stays. */
  discard(): Promise<void>;
}

/**
 * The writer of the build of process `pid` for `out` (an absolute path). First of all it puts
 * back a previous site that a killed build left aside, and removes dead builds' scratch folders.
 */
export async function openSite(out: string, pid: number): Promise<SiteWriter> {
  await cleanStale(out, pid);
  const work = `${out}.perfgate-work-${pid}`;
  // Whatever is at this build's own name (a leftover, or a link planted there) goes first; a link is
  // removed as a link. The folder is then made anew, so nothing of the build is written through a link.
  await rm(work, { recursive: true, force: true });
  await mkdir(path.dirname(out), { recursive: true });
  await mkdir(work, { mode: 0o700 });
  return {
    out,
    work,
    commit: (staged, between) => swapIn(staged, out, pid, between),
    discard: () => rm(work, { recursive: true, force: true }),
  };
}

/**
 * Folders a killed build left behind (`<out>.perfgate-new|old|work-<pid>` beside --out): removed
 * once their process is gone. A previous site left under `-old-` while `out` is missing (killed
 * between the two renames of swapIn) is put back.
 */
async function cleanStale(out: string, pid: number): Promise<void> {
  const dead = (p: string) => Number(p) !== pid && !isAlive(Number(p));
  const prefix = `${path.basename(out)}.perfgate-`;
  for (const name of (await readdir(path.dirname(out)).catch(() => [] as string[])).sort()) {
    const m = /^(new|old|work)-(\d+)$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '');
    if (!m || !dead(m[2]!)) continue;
    const stale = path.join(path.dirname(out), name);
    const outExists = await lstat(out).then(
      () => true,
      () => false,
    );
    if (m[1] === 'old' && !outExists) await rename(stale, out);
    else await rm(stale, { recursive: true, force: true });
  }
}

/** Replaces `out` with `staging` so that a failed build never leaves a half-written site. */
async function swapIn(staging: string, out: string, pid: number, hook?: () => Promise<void>): Promise<void> {
  await mkdir(path.dirname(out), { recursive: true });
  const old = `${out}.perfgate-old-${pid}`;
  let hadOld = false;
  try {
    await stat(out);
    await rename(out, old);
    hadOld = true;
  } catch {
    // no previous site
  }
  await hook?.();
  try {
    await rename(staging, out);
  } catch (e) {
    if (hadOld) await rename(old, out);
    throw e;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/** Pages (HTML files) and total bytes of the built site. */
export async function measure(dir: string): Promise<{ pages: number; bytes: number }> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  let bytes = 0;
  // Thousands of files: many stats in flight rather than one after the other.
  await eachLimit(files, 32, async (e) => {
    const { size } = await stat(path.join(e.parentPath, e.name));
    bytes += size;
  });
  return { pages: files.filter((e) => e.name.endsWith('.html')).length, bytes };
}
