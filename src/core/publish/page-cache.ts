/**
 * Rendered pages of frozen cycles, kept beside --out so that a build renders each frozen cycle's
 * pages once instead of on every build.
 *
 * An entry is keyed by the SHA-256 of everything a cycle's pages are rendered from: the site's
 * templates (every file of src/, public/, content/docs/ and schemas/, perfgate's version, every
 * dependency's installed version and npm's record of the installed tree), the base path and site
 * URL, the archive's chain head (shown on the evidence page), and the cycle's whole record, which holds its evidence manifest's SHA-256, its integrity
 * check, its neighbours and what changed since the previous cycle. Cycle pages read nothing else
 * (src/site/data.ts: `cycleBySlug`, `chainHead`; the footer's build time is left off archived
 * cycles' pages), so an entry can only be found by a build whose pages would come out the same.
 *
 * Only archived cycles whose frozen decision stands and whose files verified are cached. An entry
 * lists the SHA-256 of each of its files; one that does not match is dropped and its cycle
 * rendered again. Entries are written to a scratch folder and renamed into place; a build removes
 * the entries it did not use.
 */
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eachLimit } from '../each-limit.ts';
import { sha256Hex } from '../emit/hash.ts';
import { PERFGATE_VERSION } from '../emit/tool.ts';
import type { CycleRecord, SiteData } from '../history/site-data.ts';
import { dependencyFolder, PACKAGE_ROOT } from './package.ts';
import { mergeTree } from './merge.ts';

/** Bumped when the layout of an entry changes. */
const FORMAT = 1;
const ENTRY = 'entry.json';

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

/** What one build does with the cache. */
export interface PagePlan {
  dir: string;
  /** Slugs whose pages come from the cache, with the folder of their entry. */
  served: Map<string, { folder: string; entry: Entry }>;
  /** Cacheable cycles rendered by this build: slug → key. */
  toStore: Map<string, string>;
}

/** Files of the package the pages are rendered from: any change re-renders every cached cycle. */
const TEMPLATE_SOURCES = ['src', 'public', 'content/docs', 'schemas', 'package.json'];

/** Files in flight when placing, storing or checking pages (small files: the disk, not the CPU, waits). */
const PARALLEL = 16;

/**
 * Pages go into and out of the cache as hard links, not copies: the cache is perfgate's own, and
 * an entry changed later through a site's link fails its check at the next build and is rendered
 * again. Copied where links cannot be made (another file system).
 */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP') throw e;
    await copyFile(from, to);
  }
}

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

/** An entry whose every file is present with the SHA-256 it lists, or undefined. */
async function readEntry(folder: string, key: string, slug: string): Promise<Entry | undefined> {
  let entry: Entry;
  try {
    entry = JSON.parse(await readFile(path.join(folder, ENTRY), 'utf8')) as Entry;
  } catch {
    return undefined;
  }
  if (entry.key !== key || entry.slug !== slug || !Array.isArray(entry.files) || entry.files.length === 0)
    return undefined;
  if (!entry.files.every((f) => safeSitePath(f.path, slug))) return undefined;
  let ok = true;
  await eachLimit(entry.files, PARALLEL, async (f) => {
    if (ok && (await digest(path.join(folder, 'files', f.path)).catch(() => undefined)) !== f.sha256)
      ok = false;
  });
  return ok ? entry : undefined;
}

/** Decides which cycles' pages come from the cache (`dir`), verifying each entry it will use. */
export async function planPages(
  data: SiteData,
  dir: string,
  opts: { base: string; site: string | null; templates: string },
): Promise<PagePlan> {
  const plan: PagePlan = { dir, served: new Map(), toStore: new Map() };
  const found = new Map<string, { key: string; folder: string; entry?: Entry | undefined }>();
  for (const c of data.cycles) {
    if (!cacheable(c)) continue;
    const key = pageKey(opts.templates, { ...opts, chainHead: data.chain_head }, c);
    found.set(c.slug, { key, folder: path.join(dir, key) });
  }
  await eachLimit([...found], 4, async ([slug, f]) => {
    f.entry = await readEntry(f.folder, f.key, slug);
  });
  for (const [slug, { key, folder, entry }] of found) {
    if (entry) plan.served.set(slug, { folder, entry });
    else {
      await rm(folder, { recursive: true, force: true });
      plan.toStore.set(slug, key);
    }
  }
  return plan;
}

/**
 * Copies the served cycles' pages, and the scripts and styles they load, into `dir` (a folder of its
 * own, merged into the site by `mergeCached`): run while Astro renders the other pages.
 */
export async function placeCachedPages(plan: PagePlan, dir: string): Promise<number> {
  const files = [...plan.served.values()].flatMap(({ folder, entry }) =>
    entry.files.map((f) => ({ from: path.join(folder, 'files', ...f.path.split('/')), to: f.path })),
  );
  const unique = [...new Map(files.map((f) => [f.to, f])).values()];
  const folders = new Set(unique.map((f) => path.dirname(path.join(dir, ...f.to.split('/')))));
  for (const d of [...folders].sort()) await mkdir(d, { recursive: true });
  await eachLimit(unique, PARALLEL, (f) => linkOrCopy(f.from, path.join(dir, ...f.to.split('/'))));
  return unique.filter((f) => !f.to.startsWith('_astro/')).length;
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

/** Stores the pages this build rendered for cacheable cycles (before anything else is merged into `site`). */
export async function storeRenderedPages(plan: PagePlan, site: string, base: string): Promise<number> {
  let stored = 0;
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
    const tmp = path.join(plan.dir, `.${key}.tmp-${process.pid}`);
    await rm(tmp, { recursive: true, force: true });
    try {
      const sorted = [...paths].sort();
      for (const d of new Set(sorted.map((rel) => path.dirname(path.join(tmp, 'files', ...rel.split('/'))))))
        await mkdir(d, { recursive: true });
      const files: EntryFile[] = sorted.map((rel) => ({ path: rel, sha256: '' }));
      await eachLimit(files, PARALLEL, async (f) => {
        const from = path.join(site, ...f.path.split('/'));
        f.sha256 = await digest(from);
        await linkOrCopy(from, path.join(tmp, 'files', ...f.path.split('/')));
      });
      const entry: Entry = { key, slug, files };
      await writeFile(path.join(tmp, ENTRY), JSON.stringify(entry));
      const folder = path.join(plan.dir, key);
      await rm(folder, { recursive: true, force: true });
      await rename(tmp, folder);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    stored++;
  }
  return stored;
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

/** Removes entries this build neither used nor wrote (older templates, changed cycles, leftovers). */
export async function pruneUnused(plan: PagePlan): Promise<void> {
  const keep = new Set([...plan.toStore.values(), ...[...plan.served.values()].map((s) => s.entry.key)]);
  for (const name of await readdir(plan.dir).catch(() => [] as string[]))
    if (!keep.has(name)) await rm(path.join(plan.dir, name), { recursive: true, force: true });
}
