/**
 * The renderer: the site's pages bundled once as an Astro server bundle (`src/site/renderer-entry.ts`
 * is its entry), kept in the build cache and reused by every build with the same templates, base
 * path and site URL. A build with a stored renderer runs no bundler: it renders each page by calling
 * the bundle, which is what makes a warm build fast and small (the bundler alone needs about 0.5 GB).
 *
 * A stored renderer is code that a build runs, so it is run only when its bytes are anchored outside
 * the cache: its listing (each file with its SHA-256) is sealed with the cache secret, which never
 * lives in the cache (cache/seal.ts). Its folder must hold exactly the listed files, as real folders
 * and regular files; each is read once, checked, and written into the build's own scratch folder,
 * and the build runs that copy, never the cache's files. Renderers are stored whole or not at all.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eachLimit } from '../each-limit.ts';
import { EmitError } from '../evidence/errors.ts';
import { sha256Hex } from '../evidence/hash.ts';
import type { CacheFolder } from '../cache/folder.ts';
import { dependencyFolder } from './package.ts';
import { templateFingerprint } from './page-cache.ts';

/** Bumped when the layout of a stored renderer changes. */
const FORMAT = 2;
const LISTING = 'renderer.json';
/** The kind of entry the seal names. */
const KIND = 'renderer';
/** The bundle's entry, relative to the renderer's folder. */
export const RENDERER_ENTRY = 'server/entry.mjs';
/** The files the site serves as they are (scripts, styles, public/): copied into every build. */
export const RENDERER_CLIENT = 'client';

interface Listing {
  format: number;
  key: string;
  files: { path: string; sha256: string }[];
}

/** The stored renderers of a build: the sealed cache folder and its renderer part. */
export interface RendererStore {
  folder: CacheFolder;
  dir: string;
}

/** The key of a renderer: the templates and what renders them, and what the bundle bakes in. */
export async function rendererKey(opts: { base: string; site: string | null }): Promise<string> {
  return sha256Hex(JSON.stringify([FORMAT, await templateFingerprint(), opts.base, opts.site]));
}

/**
 * Files of a renderer folder (relative, `/`-separated), without its listing and dependency link;
 * undefined when it holds anything but folders and regular files (a link is never followed).
 */
async function filesOf(folder: string): Promise<string[] | undefined> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const rel = path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    if (rel === 'node_modules' || rel.startsWith('node_modules/') || rel === LISTING) continue;
    if (e.isDirectory()) continue;
    if (!e.isFile()) return undefined;
    out.push(rel);
  }
  return out.sort();
}

async function readNoFollow(abs: string): Promise<Buffer> {
  const handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new Error('not a regular file');
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Copies the stored renderer of `key` into `into` (a folder of the build that does not exist yet)
 * when its sealed listing verifies and every file it lists is there unchanged, from the bytes that
 * were checked; false (and nothing left in `into`) otherwise.
 */
export async function loadRenderer(store: RendererStore, key: string, into: string): Promise<boolean> {
  const folder = path.join(store.dir, key);
  if (!(await lstat(folder).catch(() => undefined))?.isDirectory()) return false;
  const body = await store.folder.readSealed(path.join(folder, LISTING), KIND, key, 16 * 1024 * 1024);
  if (!body) return false;
  let listing: Listing;
  try {
    listing = JSON.parse(body.toString('utf8')) as Listing;
  } catch {
    return false;
  }
  if (listing.format !== FORMAT || listing.key !== key || !Array.isArray(listing.files)) return false;
  const listed = listing.files.map((f) => f.path);
  if (!listed.includes(RENDERER_ENTRY)) return false;
  if (listed.some((p) => p.split('/').some((s) => s === '' || s === '.' || s === '..'))) return false;
  // Exactly the files listed: a renderer that is not what was built is not used.
  const present = await filesOf(folder).catch(() => undefined);
  if (!present || present.length !== listed.length || [...listed].sort().some((p, i) => p !== present[i]))
    return false;
  let ok = true;
  try {
    await mkdir(into);
    await eachLimit(listing.files, 16, async (f) => {
      if (!ok) return;
      const bytes = await readNoFollow(path.join(folder, ...f.path.split('/'))).catch(() => undefined);
      if (!bytes || sha256Hex(bytes) !== f.sha256) {
        ok = false;
        return;
      }
      const to = path.join(into, ...f.path.split('/'));
      await mkdir(path.dirname(to), { recursive: true });
      await writeFile(to, bytes, { flag: 'wx' });
    });
  } catch {
    ok = false;
  }
  if (!ok) await rm(into, { recursive: true, force: true });
  return ok;
}

/**
 * Stores the renderer just built in `built` as entry `key`, sealed: copied into a scratch folder of
 * the cache and renamed into place. Throws when it cannot be stored (the build goes on without).
 */
export async function storeRenderer(built: string, store: RendererStore, key: string): Promise<number> {
  const names = await filesOf(built);
  if (!names) throw new Error('the bundled renderer holds something other than files');
  const scratch = `.${key}.tmp-${process.pid}`;
  const tmp = path.join(store.dir, scratch);
  await store.folder.remove(store.dir, scratch);
  try {
    await mkdir(tmp);
    const files: Listing['files'] = [];
    for (const rel of names) {
      const bytes = await readFile(path.join(built, ...rel.split('/')));
      files.push({ path: rel, sha256: sha256Hex(bytes) });
      const to = path.join(tmp, ...rel.split('/'));
      await mkdir(path.dirname(to), { recursive: true });
      await writeFile(to, bytes, { flag: 'wx' });
    }
    const listing: Listing = { format: FORMAT, key, files };
    await store.folder.writeSealed(path.join(tmp, LISTING), KIND, key, Buffer.from(JSON.stringify(listing)));
    // One that failed its check was not used: this build's replaces it.
    await store.folder.remove(store.dir, key);
    await rename(tmp, path.join(store.dir, key));
    return files.length;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Links the renderer's folder to the installed dependencies it imports (Astro's runtime), which may
 * have moved since it was built. Replaced in one rename, so builds sharing the folder never see it
 * missing.
 */
export async function linkDependencies(folder: string): Promise<void> {
  const tmp = path.join(folder, `.node_modules-${process.pid}`);
  await rm(tmp, { force: true });
  await symlink(dependencyFolder(), tmp, 'dir');
  await rename(tmp, path.join(folder, 'node_modules'));
}

/** Removes the stored renderers other than `keep` (older templates, other base paths). */
export async function pruneRenderers(store: RendererStore, keep: string): Promise<void> {
  for (const name of await store.folder.entries(store.dir))
    if (name !== keep) await store.folder.remove(store.dir, name);
}

/**
 * Where a page's file goes in the site folder `outDir`. Site paths are made from artifact text (a
 * cycle id, a profiled service's name), cleaned into URL segments (slug.ts); should one still leave
 * the folder, or name it oddly, it is refused instead of written: the last line of defence.
 */
export function pageFile(outDir: string, file: string): string {
  const parts = file.split('/');
  if (parts.some((s) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s)))
    throw new EmitError(
      `Refused to write the page ${JSON.stringify(file)}: a page's path must stay inside the site folder`,
      'Names from artifacts are made URL segments before they reach a page path (src/core/slug.ts): this one was not, which is a perfgate bug. Please report it with the cycle that causes it.',
      'refused',
    );
  return path.join(outDir, ...parts);
}
