/**
 * Reads and evaluates the history and renders the site's pages, in a process of its own started by
 * `astro.ts`, so that the history's memory is given back when the pages are written (before the
 * search index is built):
 * 1. reads the history (history/read.ts) and says so;
 * 2. refuses what must not be published: a broken current cycle (`blocked`), archived cycles that do
 *    not verify (unless allowed);
 * 3. places the cached pages of frozen cycles that verify, and tells the builder what to copy;
 * 4. renders every other page from the renderer (the one copied from the cache, or the one the
 *    builder sends once bundled) into the site folder, with the renderer's client files.
 * The cache secret comes from the builder in a message, before anything else.
 */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isError, type Diagnostic } from '../diagnostics.ts';
import { eachLimit } from '../each-limit.ts';
import { EmitError } from '../evidence/errors.ts';
import { readHistory } from '../history/read.ts';
import type { CycleRecord, PagesData, SiteData } from '../history/site-data.ts';
import { openCache } from '../cache/folder.ts';
import { cacheSeal } from '../cache/seal.ts';
import { failureOf, tellBuilder, type BuilderMessage, type RenderJob } from './astro.ts';
import { planPages, siteDataFor } from './page-cache.ts';
import { linkDependencies, pageFile, RENDERER_CLIENT, RENDERER_ENTRY } from './renderer.ts';

/** What the renderer's entry (src/site/renderer-entry.ts) exports. */
interface RendererEntry {
  sitePages(data: PagesData): Promise<{ path: string; file: string }[]>;
  renderPage(page: { path: string; file: string }): Promise<Uint8Array>;
}

/** Pages rendered at once: rendering is CPU work, this only lets the writes overlap it. */
const IN_FLIGHT = 4;

const job = JSON.parse(process.argv[2] ?? '{}') as RenderJob;
// The parent is gone (killed): stop, so that nothing outlives the build that owned it.
process.on('disconnect', () => process.exit(1));
// What the builder sends: the cache secret first, the renderer's folder once bundled (when none was stored).
let secretFrom: (hex: string | null) => void;
const secret = new Promise<string | null>((resolve) => (secretFrom = resolve));
let bundledFrom: (folder: string) => void;
const bundled = new Promise<string>((resolve) => (bundledFrom = resolve));
process.on('message', (m: BuilderMessage) => {
  if (m?.type === 'secret') secretFrom(m.hex);
  else if (m?.type === 'renderer') bundledFrom(m.folder);
});
const rendererFolder = job.renderer !== null ? Promise.resolve(job.renderer) : bundled;

/** A broken artifact in the current cycle is never published (missing later phases are not broken). */
function blockingOf(current: CycleRecord | undefined): Diagnostic[] {
  return (current?.diagnostics ?? []).filter((d) => isError(d) && d.code !== 'prereq.missing-artifact');
}

/**
 * Archived cycles that fail their check, or a chain whose pruned links do not verify, stop the build
 * unless allowed (then the cycles' pages say so).
 */
function checkAltered(data: SiteData, allow: boolean): void {
  const altered = data.cycles.filter((c) => c.integrity.state === 'altered');
  // Problems of pruned cycles are shown on an archived cycle's page; an archive of tombstones alone
  // has none to carry them.
  const pruned = altered.length > 0 ? [] : data.chain.filter((l) => l.slug === null && l.problems.length > 0);
  if ((altered.length === 0 && pruned.length === 0) || allow) return;
  const lines = [
    ...altered.map((c) => `${c.cycle_id} (${c.dir}): ${c.integrity.problems.join('; ')}`),
    ...pruned.map((l) => `pruned ${l.cycle_id}: ${l.problems.join('; ')}`),
  ];
  const n = altered.length + pruned.length;
  throw new EmitError(
    `Archived ${n === 1 ? 'cycle does' : 'cycles do'} not verify, nothing was built: ${lines.join(' | ')}`,
    'Restore the archived files from version control (perfgate verify names each one), or publish them marked "altered" with --allow-altered.',
    'refused',
  );
}

/** Renders every page of `pages` into the site folder, with the renderer's client files. */
async function renderSite(folder: string, pages: PagesData): Promise<number> {
  await linkDependencies(folder);
  const entry = (await import(pathToFileURL(path.join(folder, RENDERER_ENTRY)).href)) as RendererEntry;
  const list = await entry.sitePages(pages);
  // Every path checked before anything is written.
  const files = list.map((p) => pageFile(job.outDir, p.file));
  await cp(path.join(folder, RENDERER_CLIENT), job.outDir, { recursive: true });
  for (const d of [...new Set(files.map((f) => path.dirname(f)))].sort()) await mkdir(d, { recursive: true });
  await eachLimit(list, IN_FLIGHT, async (p, i) => {
    await writeFile(files[i]!, await entry.renderPage(p));
  });
  return list.length;
}

/** The build cache, opened with the secret the builder sent, and the parts the builder found usable. */
async function cache() {
  const hex = await secret;
  if (job.cacheRoot === null || hex === null) return undefined;
  const folder = await openCache(job.cacheRoot, cacheSeal(Buffer.from(hex, 'hex')), (line) =>
    process.stderr.write(line),
  );
  if (!folder) return undefined;
  const { records, pages } = job.cacheParts;
  return {
    records: records === null ? undefined : { folder, dir: records, staging: job.stagedRecords },
    pages: pages === null ? undefined : { folder, dir: pages },
  };
}

try {
  const started = performance.now();
  const stores = await cache();
  let records: string[] = [];
  const data = await readHistory({
    ...job.history,
    site: job.history.site ?? undefined,
    records: stores?.records,
    recordsKept: (names) => (records = names),
    // Records made by other sources of the same version (a development build) are not reused.
    codeFingerprint: job.templates,
  });
  await tellBuilder({
    type: 'history',
    cycles: data.cycles.length,
    ms: Math.round(performance.now() - started),
  });
  const current = data.cycles.find((c) => c.source === 'current');
  const blocking = blockingOf(current);
  if (current && blocking.length > 0) await tellBuilder({ type: 'blocked', current, blocking });
  else {
    checkAltered(data, job.allowAltered);
    // Frozen cycles' pages rendered by an earlier build, placed when they verify and nothing they
    // show has changed.
    const plan = await planPages(data, stores?.pages, job.cachedDir, {
      base: job.history.base,
      site: job.history.site,
      templates: job.templates,
    });
    await tellBuilder({
      type: 'prepared',
      plan,
      copies: data.copies,
      records,
      current,
      summary: {
        cycles: data.cycles.length,
        chain_head: data.chain_head,
        altered: data.cycles.filter((c) => c.integrity.state === 'altered').map((c) => c.cycle_id),
      },
    });
    const pages = await renderSite(await rendererFolder, {
      cached_slugs: [...plan.served.keys()],
      data: siteDataFor(data, plan),
    });
    await tellBuilder({ type: 'rendered', pages });
  }
} catch (e) {
  await tellBuilder({ type: 'failed', ...failureOf(e) });
}
process.disconnect?.();
