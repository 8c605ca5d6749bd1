/**
 * Publishing: the cycle history → the pages (a render child, astro.ts) → the search index → the
 * evidence copies → one atomic swap into --out (the site writer, site-writer.ts).
 * The renderer is bundled (when none verifies in the cache) while the history is read; evidence is
 * copied while the pages render, into a folder of its own (merged after indexing, so that evidence
 * HTML is never indexed).
 * The build cache beside --out only saves time (cache/folder.ts, sealed with a secret that is not in
 * it): what a build publishes is byte for byte what it publishes without one. Nothing is written
 * outside the scratch folder beside --out that carries this process id and that cache, and a failure
 * at any point leaves the previous site as it was.
 */
import path from 'node:path';
import { readdir, rename } from 'node:fs/promises';
import { openCache, type CacheFolder } from '../cache/folder.ts';
import { cacheSeal } from '../cache/seal.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { EmitError } from '../evidence/errors.ts';
import type { CycleRecord } from '../history/site-data.ts';
import { bundleRenderer, startRender, type BuiltSummary, type RenderRun } from './astro.ts';
import { copyEvidence, type Copy } from './evidence-copy.ts';
import type { PagePlan } from './page-cache.ts';
import { mergeTree } from './merge.ts';
import { keepPages, mergeCached, stageRenderedPages, templateFingerprint } from './page-cache.ts';
import { checkOut } from './out-guard.ts';
import { loadRenderer, pruneRenderers, rendererKey, storeRenderer } from './renderer.ts';
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
  /**
   * The secret that seals the build cache beside --out (cache/secret.ts); null: build without a
   * cache, reading and writing none.
   */
  cacheSecret: Buffer | null;
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

/** A cache that could not be written or tidied: said on the log, never a failed build. */
function cacheNotUpdated(e: unknown, hooks: PublishHooks): void {
  const why = (e as NodeJS.ErrnoException)?.code ?? (e instanceof Error ? e.message : String(e));
  hooks.log?.(`perfgate: the build cache was not updated (${why}); the next build does that work again\n`);
}

/** The children of a build and the renderer they use (astro.ts). */
interface Children {
  render: RenderRun;
  /**
   * Resolves once the renderer is there: at once when one was copied from the cache (undefined),
   * else with the folder it was bundled into (stored in the cache once the build has succeeded).
   */
  bundled: Promise<string | undefined>;
  key: string;
}

/**
 * Starts the render child, and the bundle child when no stored renderer of these templates, base
 * path and site URL verifies (renderer.ts). A failed bundle stops the render child, which would wait
 * for it.
 */
async function startChildren(
  opts: PublishOptions,
  hooks: PublishHooks,
  work: string,
  cache: CacheParts | undefined,
  abort: AbortController,
): Promise<Children> {
  const key = await rendererKey({ base: opts.base, site: opts.site });
  const copied = path.join(work, 'renderer');
  const found = cache?.renderer
    ? await loadRenderer({ folder: cache.folder, dir: cache.renderer }, key, copied)
    : false;
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
      },
      allowAltered: opts.allowAltered,
      cacheRoot: cache ? cache.folder.root : null,
      cacheParts: { records: cache?.records ?? null, pages: cache?.pages ?? null },
      stagedRecords: path.join(work, STAGED_RECORDS),
      outDir: path.join(work, 'site'),
      cachedDir: path.join(work, 'cached'),
      renderer: found ? copied : null,
      templates: await templateFingerprint(),
    },
    cache ? opts.cacheSecret : null,
    children,
  );
  const bundled = found
    ? Promise.resolve(undefined)
    : bundleRenderer(
        work,
        { outDir: path.join(work, 'renderer-build'), base: opts.base, site: opts.site },
        children,
      ).then((b) => {
        hooks.phase?.('renderer', b.files, b.ms);
        render.useRenderer(b.folder);
        return b.folder;
      });
  bundled.catch(() => abort.abort());
  return { render, bundled, key };
}

/** Folders of the build's scratch folder where what the cache will keep is staged. */
const STAGED_RECORDS = 'cache-records';
const STAGED_PAGES = 'cache-pages';

/**
 * After a successful build, what it made for the cache goes there (the renderer it bundled, the
 * pages and records it staged), and what it neither used nor made is removed. Before that the cache
 * is only read: a failed build leaves it as it was. It only saves time: a failure here is said on the
 * log, never a failed build.
 */
async function keepForNextBuild(
  cache: CacheParts,
  made: { work: string; plan: PagePlan; records: string[]; bundled: string | undefined; key: string },
  hooks: PublishHooks,
): Promise<void> {
  const { folder } = cache;
  const step = (p: Promise<unknown>) => p.catch((e: unknown) => cacheNotUpdated(e, hooks));
  await step(
    (async () => {
      const dir = made.bundled ? await folder.ensure('renderer') : cache.renderer;
      if (dir === undefined) return;
      if (made.bundled) await storeRenderer(made.bundled, { folder, dir }, made.key);
      await pruneRenderers({ folder, dir }, made.key);
    })(),
  );
  await step(keepPages(made.plan, path.join(made.work, STAGED_PAGES), folder));
  await step(
    (async () => {
      const staged = path.join(made.work, STAGED_RECORDS);
      const names = (await readdir(staged).catch(() => [] as string[])).sort();
      const dir = names.length > 0 ? await folder.ensure('records') : cache.records;
      if (dir === undefined) return;
      for (const name of names) {
        await folder.remove(dir, name);
        await rename(path.join(staged, name), path.join(dir, name));
      }
      const keep = new Set(made.records);
      for (const name of await folder.entries(dir)) if (!keep.has(name)) await folder.remove(dir, name);
    })(),
  );
}

/**
 * Every evidence copy reads from the cycle folders of this build (the archive, the current cycle and
 * its upstream siblings): a copy list from anywhere else is a fault, never a file published.
 */
function checkCopySources(copies: readonly Copy[], opts: PublishOptions): void {
  const artifacts = path.resolve(opts.cwd, opts.artifactsDir);
  const roots = [
    path.resolve(opts.cwd, opts.archiveDir),
    artifacts,
    ...['protocol-15', 'protocol-16', 'protocol-17'].map((p) => path.join(path.dirname(artifacts), p)),
  ];
  for (const c of copies) {
    const from = path.resolve(c.from);
    if (!roots.some((r) => from.startsWith(r + path.sep)))
      throw new EmitError(
        `Refused to publish ${from}: it lies outside the cycle folders of this build; nothing was published`,
        'Evidence is copied only from the archive and the current cycle. This is a perfgate bug: please report it.',
        'refused',
      );
  }
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
  const log = hooks.log ?? (() => undefined);
  const folder = opts.cacheSecret
    ? await openCache(`${out}.perfgate-cache`, cacheSeal(opts.cacheSecret), log)
    : undefined;
  const cache: CacheParts | undefined = folder && {
    folder,
    renderer: await folder.part('renderer'),
    pages: await folder.part('pages'),
    records: await folder.part('records'),
  };
  // Stops the children (and the copies) when any part of the build fails or the build is given up.
  const abort = new AbortController();
  let render: RenderRun | undefined;
  let bundling: Promise<unknown> | undefined;
  try {
    let t = now();
    const { render: run, bundled, key } = await startChildren(opts, hooks, writer.work, cache, abort);
    render = run;
    bundling = bundled.catch(() => undefined);
    // The child's next word, unless the bundling failed first.
    const orBundle = <T>(p: Promise<T>) => Promise.race([p, bundled.then(() => p)]);
    const history = await orBundle(render.history);
    hooks.phase?.('history', history.cycles, now() - t);
    await at('history');
    const ready = await orBundle(render.prepared);
    if (ready.type === 'blocked') return { built: false, current: ready.current, blocking: ready.blocking };
    const { plan, copies, current, summary, records } = ready;
    checkCopySources(copies, opts);
    if (plan.served.size > 0) hooks.phase?.('cached', plan.placed, plan.ms);
    const evidenceDir = path.join(writer.work, 'evidence');
    const rendering = now();
    // Two jobs side by side: the render child renders the pages not placed from the cache, and the
    // evidence is copied into a folder of its own. If one fails the children are stopped, and both
    // have ended before the scratch folder is removed.
    const stopOnFailure = <T>(p: Promise<T>) =>
      p.catch((e: unknown) => {
        abort.abort();
        throw e;
      });
    const site = path.join(writer.work, 'site');
    const [pages, copied] = await Promise.allSettled([
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
    ]);
    for (const r of [copied, pages]) if (r.status === 'rejected') throw r.reason;
    await mergeCached(path.join(writer.work, 'cached'), site);
    t = now();
    // Pagefind indexes every page while this build's new pages of frozen cycles are staged for the
    // cache (they go there once the build has succeeded; a build whose pages could not be staged
    // still publishes).
    const [indexed] = await Promise.all([
      indexForSearch(site),
      cache?.pages !== undefined && plan.toStore.size > 0
        ? stageRenderedPages(plan, site, opts.base, path.join(writer.work, STAGED_PAGES), cache.folder).catch(
            (e: unknown) => cacheNotUpdated(e, hooks),
          )
        : undefined,
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
      cache
        ? keepForNextBuild(cache, { work: writer.work, plan, records, bundled: await bundled, key }, hooks)
        : undefined,
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

/** The build cache and the folders of its parts; a part that cannot be used (noted once) is undefined. */
interface CacheParts {
  folder: CacheFolder;
  renderer: string | undefined;
  pages: string | undefined;
  records: string | undefined;
}
