/**
 * Publishing: the cycle history → the pages (Astro, fed through a virtual module) → the search
 * index → the evidence copies → one atomic swap into --out (the site writer, site-writer.ts).
 * Evidence copies run while Astro builds (into a folder of their own, merged after indexing, so
 * that evidence HTML is never indexed).
 * Nothing is written outside the folders beside --out that carry this process id, and a failure at
 * any point leaves the previous site as it was.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { isError, type Diagnostic } from '../diagnostics.ts';
import { EmitError } from '../emit/errors.ts';
import { readHistory } from '../history/read.ts';
import type { CopyRequest } from '../history/evidence.ts';
import type { CycleRecord, SiteData } from '../history/site-data.ts';
import { startPages, type PagesRun } from './astro.ts';
import { copyEvidence } from './evidence-copy.ts';
import { mergeTree } from './merge.ts';
import {
  mergeCached,
  placeCachedPages,
  planPages,
  type PagePlan,
  pruneUnused,
  siteDataFor,
  storeRenderedPages,
} from './page-cache.ts';
import { checkOut } from './out-guard.ts';
import { findRenderer, pruneRenderers, rendererKey } from './renderer.ts';
import { indexForSearch } from './search.ts';
import { measure, openSite } from './site-writer.ts';

export interface PublishOptions {
  artifactsDir: string;
  archiveDir: string;
  configFile: string;
  out: string;
  /** Normalised base path (`/` or `/repo/`). */
  base: string;
  site: string | null;
  evaluatedAt: string;
  /** Publish archived cycles that fail their integrity check, marked "altered". */
  allowAltered: boolean;
  /** The working directory the paths are relative to (never changed). */
  cwd: string;
  pid: number;
}

/**
 * The phases of a build, in order (the renderer, only when none was stored, is bundled while the
 * history is read); `swap` is between moving the old site aside and moving the new one in.
 */
export type PublishPhase = 'renderer' | 'history' | 'pages' | 'cached' | 'evidence' | 'search' | 'merge' | 'swap';

export interface PublishHooks {
  /** A phase finished: how many items it handled and how long it took. */
  phase?: (phase: PublishPhase, count: number, ms: number) => void;
  /** Progress inside a phase (e.g. evidence files copied). */
  progress?: (phase: PublishPhase, done: number, total: number) => void;
  /** Test seam: awaited at each deterministic point (after a phase, and inside the swap). */
  at?: (point: PublishPhase) => Promise<void>;
  /** Astro's own messages (warnings). */
  log?: (s: string) => void;
  now?: () => number;
}

export type PublishResult =
  | { built: false; current: CycleRecord; blocking: Diagnostic[] }
  | {
      built: true;
      summary: BuiltSummary;
      current: CycleRecord | undefined;
      pages: number;
      bytes: number;
      ms: number;
    };

/** What a finished build reports of the history (the site data itself is let go once Astro has it). */
export interface BuiltSummary {
  cycles: number;
  chain_head: string | null;
  /** Archived cycles published marked "altered" (--allow-altered). */
  altered: string[];
}

/** A broken artifact in the current cycle is never published (missing later phases are not broken). */
function blockingOf(current: CycleRecord | undefined): Diagnostic[] {
  return (current?.diagnostics ?? []).filter((d) => isError(d) && d.code !== 'prereq.missing-artifact');
}

/** Archived cycles that fail their check stop the build unless allowed (then their pages say so). */
function checkAltered(data: SiteData, allow: boolean): void {
  const altered = data.cycles.filter((c) => c.integrity.state === 'altered');
  if (altered.length === 0 || allow) return;
  const lines = altered.map((c) => `${c.cycle_id} (${c.dir}): ${c.integrity.problems.join('; ')}`);
  throw new EmitError(
    `Archived ${altered.length === 1 ? 'cycle does' : 'cycles do'} not verify, nothing was built: ${lines.join(' | ')}`,
    'Restore the archived files from version control (perfgate verify names each one), or publish them marked "altered" with --allow-altered.',
    'refused',
  );
}

/** A page cache that could not be written or tidied: said on the log, never a failed build. */
function cacheNotUpdated(e: unknown, hooks: PublishHooks): void {
  const why = (e as NodeJS.ErrnoException)?.code ?? (e instanceof Error ? e.message : String(e));
  hooks.log?.(
    `perfgate: the page cache was not updated (${why}); the next build renders those pages again\n`,
  );
}

/**
 * Reads the history, refuses what must not be published, plans the page cache and hands the site
 * data to Astro. The site data is not kept: only what the rest of the build needs comes back.
 */
async function prepare(
  opts: PublishOptions,
  hooks: PublishHooks,
  cacheDir: string,
  astro: PagesRun,
  historyStarted: number,
): Promise<
  | { ok: false; current: CycleRecord; blocking: Diagnostic[] }
  | {
      ok: true;
      plan: PagePlan;
      copies: CopyRequest[];
      current: CycleRecord | undefined;
      summary: BuiltSummary;
    }
> {
  const now = hooks.now ?? (() => Date.now());
  const data = await readHistory({
    artifactsDir: opts.artifactsDir,
    archiveDir: opts.archiveDir,
    configFile: opts.configFile,
    evaluatedAt: opts.evaluatedAt,
    base: opts.base,
    site: opts.site ?? undefined,
    // Frozen cycles' records, reused while their files still match their manifests (history/cache.ts).
    cacheDir,
  });
  hooks.phase?.('history', data.cycles.length, now() - historyStarted);
  await (hooks.at ?? (async () => undefined))('history');
  const current = data.cycles.find((c) => c.source === 'current');
  const blocking = blockingOf(current);
  if (current && blocking.length > 0) return { ok: false, current, blocking };
  checkAltered(data, opts.allowAltered);

  // Frozen cycles' pages rendered by an earlier build, reused when nothing they show has changed.
  const plan = await planPages(data, path.join(cacheDir, 'pages'), { base: opts.base, site: opts.site });
  await astro.provide(siteDataFor(data, plan), [...plan.served.keys()]);
  return {
    ok: true,
    plan,
    copies: data.copies,
    current,
    summary: {
      cycles: data.cycles.length,
      chain_head: data.chain_head,
      altered: data.cycles.filter((c) => c.integrity.state === 'altered').map((c) => c.cycle_id),
    },
  };
}

/** Builds the site of the history into `opts.out`, replacing it only when everything succeeded. */
export async function publish(opts: PublishOptions, hooks: PublishHooks = {}): Promise<PublishResult> {
  const now = hooks.now ?? (() => Date.now());
  const at = hooks.at ?? (async () => undefined);
  const started = now();
  const out = path.resolve(opts.cwd, opts.out);
  checkOut(out, {
    artifactsDir: path.resolve(opts.cwd, opts.artifactsDir),
    archiveDir: path.resolve(opts.cwd, opts.archiveDir),
    configFile: path.resolve(opts.cwd, opts.configFile),
    cwd: opts.cwd,
  });
  // First of all, put back a previous site a killed build left aside, whatever this build does next.
  const writer = await openSite(out, opts.pid);
  const cacheDir = `${out}.perfgate-cache`;
  // Stops Astro (and the copies) when any part of the build fails or the build is given up.
  const abort = new AbortController();
  let astro: PagesRun | undefined;
  try {
    let t = now();
    // The stored renderer of these templates, base path and site URL, if one verifies; one that does
    // not is removed, and bundled again (renderer.ts).
    const rendererDir = path.join(cacheDir, 'renderer');
    const key = await rendererKey({ base: opts.base, site: opts.site });
    const found = await findRenderer(rendererDir, key);
    // (Removing it may fail where the cache cannot be written: the renderer is then not stored.)
    if (!found) await rm(path.join(rendererDir, key), { recursive: true, force: true }).catch(() => undefined);
    // Astro bundles the renderer (if needed) while the history is read; it renders once given the data.
    astro = await startPages(writer.work, {
      base: opts.base,
      site: opts.site,
      renderer: { dir: rendererDir, key, found: found ?? null },
      bundled: (files, ms) => hooks.phase?.('renderer', files, ms),
      log: hooks.log ?? (() => undefined),
      signal: abort.signal,
    });
    const ready = await prepare(opts, hooks, cacheDir, astro, t);
    if (!ready.ok) return { built: false, current: ready.current, blocking: ready.blocking };
    const { plan, copies, current, summary } = ready;
    const evidenceDir = path.join(writer.work, 'evidence');
    const cachedDir = path.join(writer.work, 'cached');
    const rendering = now();
    // Three jobs side by side: Astro renders the pages not in the cache, the evidence is copied,
    // and the cached pages are placed, each into a folder of its own. If one fails Astro is
    // stopped, and all have ended before the scratch folder is removed.
    const stopOnFailure = <T>(p: Promise<T>) =>
      p.catch((e: unknown) => {
        abort.abort();
        throw e;
      });
    const [pages, copied, cached] = await Promise.allSettled([
      astro.done.then(async (dir) => {
        hooks.phase?.('pages', summary.cycles - plan.served.size, now() - rendering);
        await at('pages');
        return dir;
      }),
      stopOnFailure(
        copyEvidence(copies, evidenceDir, (done) => hooks.progress?.('evidence', done, copies.length)),
      ).then(async () => {
        hooks.phase?.('evidence', copies.length, now() - rendering);
        await at('evidence');
      }),
      stopOnFailure(placeCachedPages(plan, cachedDir)).then((placed) =>
        hooks.phase?.('cached', placed, now() - rendering),
      ),
    ]);
    for (const r of [copied, cached, pages]) if (r.status === 'rejected') throw r.reason;
    if (pages.status === 'rejected') throw pages.reason;
    const site = pages.value;
    await mergeCached(cachedDir, site);
    t = now();
    // Pagefind indexes every page while this build's new pages of frozen cycles go into the cache.
    // The cache only saves time: a build whose pages could not be stored still publishes.
    const [indexed] = await Promise.all([
      indexForSearch(site),
      storeRenderedPages(plan, site, opts.base).catch((e: unknown) => cacheNotUpdated(e, hooks)),
    ]);
    hooks.phase?.('search', indexed, now() - t);
    await at('search');
    t = now();
    await mergeTree(evidenceDir, site);
    hooks.phase?.('merge', copies.length, now() - t);
    await at('merge');
    await writer.commit(site, () => at('swap'));
    const [{ pages: count, bytes }] = await Promise.all([
      measure(out),
      pruneUnused(plan).catch((e: unknown) => cacheNotUpdated(e, hooks)),
      pruneRenderers(rendererDir, key).catch((e: unknown) => cacheNotUpdated(e, hooks)),
    ]);
    return { built: true, summary, current, pages: count, bytes, ms: now() - started };
  } finally {
    abort.abort();
    // Astro has exited (or was stopped) before its scratch folder goes.
    await astro?.done.catch(() => undefined);
    await writer.discard();
  }
}
