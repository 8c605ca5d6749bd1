/**
 * Publishing: the cycle history → the pages (a render child, astro.ts) → the search index → the
 * evidence copies → one atomic swap into --out (the site writer, site-writer.ts).
 * The renderer is bundled (when none is stored) while the history is read; evidence copies and
 * cached pages are placed while the other pages render, each into a folder of its own (evidence is
 * merged after indexing, so that evidence HTML is never indexed).
 * Nothing is written outside the folders beside --out that carry this process id, and a failure at
 * any point leaves the previous site as it was.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { CycleRecord } from '../history/site-data.ts';
import { bundleRenderer, startRender, type BuiltSummary, type RenderRun } from './astro.ts';
import { copyEvidence } from './evidence-copy.ts';
import { mergeTree } from './merge.ts';
import {
  mergeCached,
  placeCachedPages,
  pruneUnused,
  storeRenderedPages,
  templateFingerprint,
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
export type PublishPhase =
  'renderer' | 'history' | 'pages' | 'cached' | 'evidence' | 'search' | 'merge' | 'swap';

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

export type { BuiltSummary } from './astro.ts';

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

/** A page cache that could not be written or tidied: said on the log, never a failed build. */
function cacheNotUpdated(e: unknown, hooks: PublishHooks): void {
  const why = (e as NodeJS.ErrnoException)?.code ?? (e instanceof Error ? e.message : String(e));
  hooks.log?.(
    `perfgate: the page cache was not updated (${why}); the next build renders those pages again\n`,
  );
}

/** The children of a build and the renderer they use (astro.ts). */
interface Children {
  render: RenderRun;
  /** Resolves once the renderer is there: at once when a stored one verified, else when bundled. */
  bundled: Promise<void>;
  rendererDir: string;
  key: string;
}

/**
 * Starts the render child, and the bundle child when no stored renderer of these templates, base
 * path and site URL verifies (one that does not is removed, and bundled again: renderer.ts). A
 * failed bundle stops the render child, which would wait for it.
 */
async function startChildren(
  opts: PublishOptions,
  hooks: PublishHooks,
  work: string,
  cacheDir: string,
  abort: AbortController,
): Promise<Children> {
  const rendererDir = path.join(cacheDir, 'renderer');
  const key = await rendererKey({ base: opts.base, site: opts.site });
  const found = await findRenderer(rendererDir, key);
  // (Removing it may fail where the cache cannot be written: the renderer is then not stored.)
  if (!found) await rm(path.join(rendererDir, key), { recursive: true, force: true }).catch(() => undefined);
  const children = { log: hooks.log ?? (() => undefined), signal: abort.signal };
  const render = startRender(
    opts.cwd,
    {
      history: {
        artifactsDir: opts.artifactsDir,
        archiveDir: opts.archiveDir,
        configFile: opts.configFile,
        evaluatedAt: opts.evaluatedAt,
        base: opts.base,
        site: opts.site,
        // Frozen cycles' records, reused while their files still match their manifests (history/cache.ts).
        cacheDir,
      },
      allowAltered: opts.allowAltered,
      pagesDir: path.join(cacheDir, 'pages'),
      outDir: path.join(work, 'site'),
      renderer: found ?? null,
      templates: await templateFingerprint(),
    },
    children,
  );
  const bundled = found
    ? Promise.resolve()
    : bundleRenderer(
        work,
        { base: opts.base, site: opts.site, renderer: { dir: rendererDir, key } },
        children,
      ).then((b) => {
        hooks.phase?.('renderer', b.files, b.ms);
        render.useRenderer(b.folder);
      });
  bundled.catch(() => abort.abort());
  return { render, bundled, rendererDir, key };
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
  // Stops the children (and the copies) when any part of the build fails or the build is given up.
  const abort = new AbortController();
  let render: RenderRun | undefined;
  let bundling: Promise<unknown> | undefined;
  try {
    let t = now();
    const {
      render: run,
      bundled,
      rendererDir,
      key,
    } = await startChildren(opts, hooks, writer.work, cacheDir, abort);
    render = run;
    bundling = bundled.catch(() => undefined);
    // The child's next word, unless the bundling failed first.
    const orBundle = <T>(p: Promise<T>) => Promise.race([p, bundled.then(() => p)]);
    const history = await orBundle(render.history);
    hooks.phase?.('history', history.cycles, now() - t);
    await at('history');
    const ready = await orBundle(render.prepared);
    if (ready.type === 'blocked') return { built: false, current: ready.current, blocking: ready.blocking };
    const { plan, copies, current, summary } = ready;
    const evidenceDir = path.join(writer.work, 'evidence');
    const cachedDir = path.join(writer.work, 'cached');
    const rendering = now();
    // Three jobs side by side: the render child renders the pages not in the cache, the evidence
    // is copied, and the cached pages are placed, each into a folder of its own. If one fails the
    // children are stopped, and all have ended before the scratch folder is removed.
    const stopOnFailure = <T>(p: Promise<T>) =>
      p.catch((e: unknown) => {
        abort.abort();
        throw e;
      });
    const site = path.join(writer.work, 'site');
    const [pages, copied, cached] = await Promise.allSettled([
      stopOnFailure(Promise.all([render.rendered, bundled])).then(async () => {
        hooks.phase?.('pages', summary.cycles - plan.served.size, now() - rendering);
        await at('pages');
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
    // The children have exited (or were stopped) before their scratch folder goes.
    await render?.exited;
    await bundling;
    await writer.discard();
  }
}
