/**
 * Rendered pages of frozen cycles, kept in the build cache (cache/folder.ts) so that a build renders
 * each frozen cycle's pages once instead of on every build.
 *
 * An entry is keyed by the SHA-256 of everything a cycle's pages are rendered from: the site's
 * templates (every file of src/, public/, content/docs/ and schemas/, perfgate's version, every
 * dependency's installed version and npm's record of the installed tree), the base path and site
 * URL, the archive's chain head (shown on the evidence page), and the cycle's whole record, which
 * holds its evidence manifest's SHA-256, its integrity check, its neighbours and what changed since
 * the previous cycle. Cycle pages read nothing else (src/site/data.ts: `cycleBySlug`, `chainHead`;
 * the footer's build time is left off archived cycles' pages), so an entry can only be found by a
 * build whose pages would come out the same.
 *
 * Anyone can compute a key, so a key proves nothing: an entry's listing (each file with its SHA-256)
 * is sealed with the cache secret (cache/seal.ts), its folder must hold exactly the listed files as
 * real folders and regular files (no link is followed), and each file is read once, checked and
 * written into the build from the bytes that were checked. An entry failing any of this is not used:
 * its cycle is rendered again. Only archived cycles whose frozen decision stands and whose files
 * verified are cached. A build removes the entries it did not use.
 */
import { constants } from 'node:fs';
import {
  copyFile,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import type { CacheFolder } from '../cache/folder.ts';
import { eachLimit } from '../each-limit.ts';
import { sha256Hex } from '../evidence/hash.ts';
import { PERFGATE_VERSION } from '../evidence/tool.ts';
import type { CycleRecord, SiteData } from '../history/site-data.ts';
import { dependencyFolder, PACKAGE_ROOT } from './package.ts';
import { mergeTree } from './merge.ts';

/** Bumped when the layout of an entry changes. */
const FORMAT = 2;
const ENTRY = 'entry.json';
/** The kind of entry the seal names. */
const KIND = 'pages';

interface EntryFile {
  /** Site path, relative to the site root (`cycles/<slug>/…` or `_astro/…`). */
  path: string;
  sha256: string;
}

interface Entry {
  key: string;
  slug: string;
  files: EntryFile[];
}

/** The page cache of a build: the sealed cache folder and its pages part. */
export interface PageStore {
  folder: CacheFolder;
  dir: string;
}

/** What one build does with the cache (crosses from the render child to the builder). */
export interface PagePlan {
  /** Slugs whose pages came from the cache (already written into the build), with their keys. */
  served: Map<string, string>;
  /** Cacheable cycles rendered by this build: slug → key. */
  toStore: Map<string, string>;
  /** Pages placed from the cache, and how long placing them took. */
  placed: number;
  ms: number;
}

/** Files of the package the pages are rendered from: any change re-renders every cached cycle. */
const TEMPLATE_SOURCES = ['src', 'public', 'content/docs', 'schemas', 'package.json'];

/** Files in flight when placing, storing or checking pages (small files: the disk, not the CPU, waits). */
const PARALLEL = 16;

/** SHA-256 of a small file (templates, pages). */
const digest = async (abs: string) => sha256Hex(await readFile(abs));

let fingerprintOnce: Promise<string> | undefined;

/** SHA-256 over the site's templates and the versions of what renders them. */
export function templateFingerprint(): Promise<string> {
  fingerprintOnce ??= (async () => {
    // Every dependency's installed version, and npm's record of the whole installed tree when
    // there is one: an updated bundler or chart library changes the pages' scripts.
    const modules = dependencyFolder();
    const pkg = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const versions: string[] = [];
    for (const name of Object.keys(pkg.dependencies ?? {}).sort()) {
      const manifest = await readFile(path.join(modules, name, 'package.json'), 'utf8').catch(() => '{}');
      versions.push(`${name}@${(JSON.parse(manifest) as { version?: string }).version ?? '?'}`);
    }
    versions.push(`tree:${await digest(path.join(modules, '.package-lock.json')).catch(() => 'none')}`);
    const parts: string[] = [String(FORMAT), PERFGATE_VERSION, ...versions];
    for (const source of TEMPLATE_SOURCES) {
      const abs = path.join(PACKAGE_ROOT, source);
      const files = await readdir(abs, { recursive: true, withFileTypes: true }).catch(() => null);
      if (files === null) {
        parts.push(`${source}\0${await digest(abs).catch(() => 'missing')}`);
        continue;
      }
      const names = files
        .filter((e) => e.isFile())
        .map((e) => path.relative(PACKAGE_ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
        .sort();
      for (const name of names) parts.push(`${name}\0${await digest(path.join(PACKAGE_ROOT, name))}`);
    }
    return sha256Hex(parts.join('\n'));
  })();
  return fingerprintOnce;
}

/** A cycle whose pages may be cached: archived, frozen decision, every file verified. */
function cacheable(c: CycleRecord): boolean {
  return c.source === 'archived' && c.decision.source === 'frozen' && c.integrity.state === 'verified';
}

/** The key of a cycle's pages: everything they are rendered from. */
export function pageKey(
  fingerprint: string,
  site: { base: string; site: string | null; chainHead: string | null },
  record: CycleRecord,
): string {
  return sha256Hex(JSON.stringify([fingerprint, site.base, site.site, site.chainHead, record]));
}

const safeSitePath = (p: string, slug: string) =>
  typeof p === 'string' &&
  (p.startsWith(`cycles/${slug}/`) || p.startsWith('_astro/')) &&
  !p.split('/').some((s) => s === '' || s === '.' || s === '..');

/** Reads a file that must be a regular file, never through a link. */
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
 * The files of the entry `key` when its sealed listing verifies, its folder holds exactly the listed
 * files (real folders and regular files only) and each file has the listed SHA-256; else undefined.
 * The bytes returned are the bytes that were checked.
 */
async function readEntry(
  store: PageStore,
  key: string,
  slug: string,
): Promise<{ path: string; bytes: Buffer }[] | undefined> {
  const folder = path.join(store.dir, key);
  const st = await lstat(folder).catch(() => undefined);
  if (!st?.isDirectory()) return undefined;
  const body = await store.folder.readSealed(path.join(folder, ENTRY), KIND, key, 16 * 1024 * 1024);
  if (!body) return undefined;
  let entry: Entry;
  try {
    entry = JSON.parse(body.toString('utf8')) as Entry;
  } catch {
    return undefined;
  }
  if (entry.key !== key || entry.slug !== slug || !Array.isArray(entry.files) || entry.files.length === 0)
    return undefined;
  if (!entry.files.every((f) => safeSitePath(f.path, slug))) return undefined;
  const root = path.join(folder, 'files');
  const found = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => null);
  if (!found) return undefined;
  const present: string[] = [];
  for (const e of found) {
    if (e.isDirectory()) continue;
    if (!e.isFile()) return undefined; // a link or a special file: never followed, never served
    present.push(path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  }
  const listed = entry.files.map((f) => f.path);
  if (present.length !== listed.length || !listed.every((p) => present.includes(p))) return undefined;
  const out: { path: string; bytes: Buffer }[] = [];
  let ok = true;
  await eachLimit(entry.files, PARALLEL, async (f) => {
    if (!ok) return;
    const bytes = await readNoFollow(path.join(root, ...f.path.split('/'))).catch(() => undefined);
    if (!bytes || sha256Hex(bytes) !== f.sha256) ok = false;
    else out.push({ path: f.path, bytes });
  });
  return ok ? out : undefined;
}

/**
 * Decides which cycles' pages come from the cache and writes theirs into `into` (a folder of the
 * build, merged into the site by `mergeCached`), from the bytes that were checked. Without a store
 * every cycle is rendered.
 */
export async function planPages(
  data: SiteData,
  store: PageStore | undefined,
  into: string,
  opts: { base: string; site: string | null; templates: string },
): Promise<PagePlan> {
  const started = performance.now();
  const plan: PagePlan = { served: new Map(), toStore: new Map(), placed: 0, ms: 0 };
  if (!store) return plan;
  const written = new Set<string>();
  for (const c of data.cycles) {
    if (!cacheable(c)) continue;
    const key = pageKey(opts.templates, { ...opts, chainHead: data.chain_head }, c);
    const files = await readEntry(store, key, c.slug);
    if (!files) {
      plan.toStore.set(c.slug, key);
      continue;
    }
    for (const f of files) {
      // Scripts and styles are shared by many cycles' pages: written once.
      if (written.has(f.path)) continue;
      written.add(f.path);
      const to = path.join(into, ...f.path.split('/'));
      await mkdir(path.dirname(to), { recursive: true });
      await writeFile(to, f.bytes, { flag: 'wx' });
      if (!f.path.startsWith('_astro/')) plan.placed++;
    }
    plan.served.set(c.slug, key);
  }
  plan.ms = Math.round(performance.now() - started);
  return plan;
}

/** Moves the placed pages into the rendered site; Astro's own copy of a shared script wins. */
export async function mergeCached(dir: string, site: string): Promise<void> {
  for (const name of await readdir(path.join(dir, '_astro')).catch(() => [] as string[])) {
    const rendered = await stat(path.join(site, '_astro', name)).catch(() => undefined);
    if (rendered) await rm(path.join(dir, '_astro', name));
  }
  await mergeTree(dir, site, 'cached page');
}

/** The `_astro/` files a page refers to (its scripts and styles). */
function assetsOf(html: string, base: string): string[] {
  const prefix = `${base}_astro/`;
  const out: string[] = [];
  for (let i = html.indexOf(prefix); i >= 0; i = html.indexOf(prefix, i + 1)) {
    const m = /^[A-Za-z0-9._-]+/.exec(html.slice(i + prefix.length, i + prefix.length + 256));
    if (m) out.push(`_astro/${m[0]}`);
  }
  return out;
}

/**
 * Stages the pages this build rendered for cacheable cycles into `staging` (a folder of the build),
 * one sealed entry per cycle, before anything else is merged into `site`; `keepPages` moves them into
 * the cache once the build has succeeded.
 */
export async function stageRenderedPages(
  plan: PagePlan,
  site: string,
  base: string,
  staging: string,
  folder: CacheFolder,
): Promise<number> {
  let staged = 0;
  for (const [slug, key] of plan.toStore) {
    const root = path.join(site, 'cycles', slug);
    const listed = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => null);
    if (listed === null) continue;
    const paths = new Set<string>();
    for (const e of listed) {
      if (!e.isFile()) continue;
      const rel = path.relative(site, path.join(e.parentPath, e.name)).split(path.sep).join('/');
      paths.add(rel);
      if (rel.endsWith('.html'))
        for (const a of assetsOf(await readFile(path.join(site, rel), 'utf8'), base)) paths.add(a);
    }
    const entryDir = path.join(staging, key);
    const sorted = [...paths].sort();
    for (const d of new Set(
      sorted.map((rel) => path.dirname(path.join(entryDir, 'files', ...rel.split('/')))),
    ))
      await mkdir(d, { recursive: true });
    const files: EntryFile[] = sorted.map((rel) => ({ path: rel, sha256: '' }));
    // Copies, never links: a page of the published site and a cache entry share no file.
    await eachLimit(files, PARALLEL, async (f) => {
      const from = path.join(site, ...f.path.split('/'));
      f.sha256 = sha256Hex(await readFile(from));
      await copyFile(from, path.join(entryDir, 'files', ...f.path.split('/')));
    });
    const entry: Entry = { key, slug, files };
    await folder.writeSealed(path.join(entryDir, ENTRY), KIND, key, Buffer.from(JSON.stringify(entry)));
    staged++;
  }
  return staged;
}

/**
 * After a successful build: moves the staged entries into the cache (replacing an entry of the same
 * key that failed its check) and removes the entries this build neither used nor made.
 */
export async function keepPages(plan: PagePlan, staging: string, folder: CacheFolder): Promise<void> {
  const staged = await readdir(staging).catch(() => [] as string[]);
  const keep = new Set([...plan.toStore.values(), ...plan.served.values()]);
  const dir = staged.length > 0 ? await folder.ensure('pages') : await folder.part('pages');
  if (dir === undefined) return;
  for (const key of staged.sort()) {
    await folder.remove(dir, key);
    await rename(path.join(staging, key), path.join(dir, key));
  }
  for (const name of await folder.entries(dir)) if (!keep.has(name)) await folder.remove(dir, name);
}

/**
 * The part of a served cycle's record the history-wide pages read (home, archive table, trends,
 * feed, cycles.json, badge): its own pages are not rendered, so their content (rendered Markdown,
 * receipts, traceability, evidence files, details) is left out of what Astro loads. A build from
 * the cache is checked byte for byte against a build without it (test/publish/page-cache.test.ts).
 */
export function listingOf(c: CycleRecord): CycleRecord {
  return {
    ...c,
    artifacts: [],
    report: null,
    evaluation: {
      ...c.evaluation,
      gates: c.evaluation.gates.map((g) => ({ ...g, criteria: [] })),
      traceability: { columns: [], rows: [] },
    },
    evidence: { ...c.evidence, files: [], extra: [] },
  };
}

/** The site data Astro gets: served cycles reduced to what the history-wide pages read. */
export function siteDataFor(data: SiteData, plan: PagePlan): SiteData {
  return { ...data, cycles: data.cycles.map((c) => (plan.served.has(c.slug) ? listingOf(c) : c)) };
}
