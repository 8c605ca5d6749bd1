/**
 * The output side of a build: folders named after the building process beside --out, the atomic
 * swap of the staged site into place, the clean-up of what a killed build left, and the measure of
 * the result.
 */
import { cp, lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from '../emit/fs-writer.ts';

/** The folders one build uses, all beside --out and named after its process id. */
export interface BuildFolders {
  out: string;
  /** Scratch space: site data, Astro's build (the staged site, renamed onto `out` on success), caches. */
  work: string;
}

/** The folders of the build of process `pid` for `out` (an absolute path). */
export function buildFolders(out: string, pid: number): BuildFolders {
  return { out, work: `${out}.perfgate-work-${pid}` };
}

/**
 * Folders a killed build left behind (`<out>.perfgate-new|old|work-<pid>` beside --out): removed
 * once their process is gone. A previous site left under `-old-` while `out` is missing (killed
 * between the two renames of swapIn) is put back.
 */
export async function cleanStale(out: string, pid: number): Promise<void> {
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
export async function swapIn(
  staging: string,
  out: string,
  pid: number,
  hook?: () => Promise<void>,
): Promise<void> {
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
  let pages = 0;
  let bytes = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    if (e.name.endsWith('.html')) pages++;
    bytes += (await stat(path.join(e.parentPath, e.name))).size;
  }
  return { pages, bytes };
}

/** Moves a folder: a rename on one file system, else a copy then removal. */
export async function moveTree(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await cp(from, to, { recursive: true, verbatimSymlinks: true });
    await rm(from, { recursive: true, force: true });
  }
}
