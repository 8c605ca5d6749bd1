/**
 * The renderer: the site's pages bundled once as an Astro server bundle (`src/site/renderer-entry.ts`
 * is its entry), kept beside --out and reused by every build with the same templates, base path and
 * site URL. A build with a stored renderer runs no bundler: it renders each page by calling the
 * bundle, which is what makes a warm build fast and small (the bundler alone needs about 0.5 GB).
 *
 * A stored renderer is code that a build runs, so it is trusted only as far as it checks: its folder
 * lists the SHA-256 of each of its files, and one that does not match (or is missing) is built again.
 * Renderers are written to the build's scratch folder and renamed into place, so a killed build
 * never leaves half a renderer where a later build would find it.
 */
import { mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eachLimit } from '../each-limit.ts';
import { EmitError } from '../emit/errors.ts';
import { sha256Hex } from '../emit/hash.ts';
import { dependencyFolder } from './package.ts';
import { templateFingerprint } from './page-cache.ts';

/** Bumped when the layout of a stored renderer changes. */
const FORMAT = 1;
const LISTING = 'renderer.json';
/** The bundle's entry, relative to the renderer's folder. */
export const RENDERER_ENTRY = 'server/entry.mjs';
/** The files the site serves as they are (scripts, styles, public/): copied into every build. */
export const RENDERER_CLIENT = 'client';

interface Listing {
  format: number;
  key: string;
  files: { path: string; sha256: string }[];
}

/** The key of a renderer: the templates and what renders them, and what the bundle bakes in. */
export async function rendererKey(opts: { base: string; site: string | null }): Promise<string> {
  return sha256Hex(JSON.stringify([FORMAT, await templateFingerprint(), opts.base, opts.site]));
}

const digest = async (abs: string) => sha256Hex(await readFile(abs));

/** Files of a renderer folder (relative, `/`-separated), without its listing and dependency link. */
async function filesOf(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((rel) => rel !== LISTING && !rel.startsWith('node_modules/'))
    .sort();
}

/** The stored renderer of `key` under `dir` when every file it lists is there unchanged, else undefined. */
export async function findRenderer(dir: string, key: string): Promise<string | undefined> {
  const folder = path.join(dir, key);
  let listing: Listing;
  try {
    listing = JSON.parse(await readFile(path.join(folder, LISTING), 'utf8')) as Listing;
  } catch {
    return undefined;
  }
  if (listing.format !== FORMAT || listing.key !== key || !Array.isArray(listing.files)) return undefined;
  const listed = listing.files.map((f) => f.path);
  // Exactly the files listed: a file added later could be loaded by nothing listed, but a renderer
  // that is not what was built is not used.
  const present = await filesOf(folder).catch(() => null);
  if (!present || present.length !== listed.length || present.some((p, i) => p !== listed[i]))
    return undefined;
  if (!listed.includes(RENDERER_ENTRY)) return undefined;
  let ok = true;
  await eachLimit(listing.files, 16, async (f) => {
    if (ok && (await digest(path.join(folder, ...f.path.split('/'))).catch(() => '')) !== f.sha256)
      ok = false;
  });
  return ok ? folder : undefined;
}

/**
 * Stores the renderer just built in `built` as `dir/key`, and returns the folder to render from: the
 * stored one, or `built` itself when it could not be stored (another build stored it first, or the
 * cache cannot be written: the build goes on, and the next one bundles again).
 */
export async function storeRenderer(
  built: string,
  dir: string,
  key: string,
): Promise<{ folder: string; files: number; stored: boolean; why?: string }> {
  const files: Listing['files'] = [];
  for (const rel of await filesOf(built))
    files.push({ path: rel, sha256: await digest(path.join(built, rel)) });
  const listing: Listing = { format: FORMAT, key, files };
  await writeFile(path.join(built, LISTING), JSON.stringify(listing));
  try {
    await mkdir(dir, { recursive: true });
    // A folder already there is another build's (this one removed a stored renderer that failed its check).
    await rename(built, path.join(dir, key));
    return { folder: path.join(dir, key), files: files.length, stored: true };
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? String(e);
    return { folder: built, files: files.length, stored: false, why };
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
export async function pruneRenderers(dir: string, keep: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[]))
    if (name !== keep) await rm(path.join(dir, name), { recursive: true, force: true });
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
