/**
 * Astro's part of a build, in a process of its own started by `astro.ts` with its working directory
 * set to the build's scratch folder (Astro places its generated files under the working directory:
 * this keeps every write out of the user's tree and out of the installed package, without the
 * builder ever changing its own working directory).
 *
 * Two steps: the renderer (renderer.ts) is bundled when no stored one verifies, while the builder
 * reads the history; then, once the builder has written the site data, every page is rendered from
 * the renderer, with no bundler, and written with the renderer's client files into the site folder.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import mdx from '@astrojs/mdx';
import { build, type AstroIntegration } from 'astro';
import { eachLimit } from '../each-limit.ts';
import type { AstroJob, AstroReply, ChildMessage, SiteDataFile } from './astro.ts';
import { linkDependencies, RENDERER_CLIENT, RENDERER_ENTRY, storeRenderer } from './renderer.ts';

/** What the renderer's entry (src/site/renderer-entry.ts) exports. */
interface RendererEntry {
  sitePages(data: SiteDataFile): Promise<{ path: string; file: string }[]>;
  renderPage(page: { path: string; file: string }): Promise<Uint8Array>;
}

/** Pages rendered at once: rendering is CPU work, this only lets the writes overlap it. */
const IN_FLIGHT = 4;

const job = JSON.parse(process.argv[2] ?? '{}') as AstroJob;
// The parent is gone (killed): stop, so that nothing outlives the build that owned it.
process.on('disconnect', () => process.exit(1));
// The site data is written while Astro bundles; rendering waits for the builder's word that it is there.
const dataReady = new Promise<void>((resolve) =>
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'data-ready') resolve();
  }),
);

const reply = (r: ChildMessage) =>
  new Promise<void>((resolve) => {
    if (process.send) process.send(r, () => resolve());
    else resolve();
  });

/** The adapter that makes `astro build` write the renderer: a server bundle whose entry is ours. */
function rendererAdapter(entry: string): AstroIntegration {
  const adapter = {
    name: 'perfgate:renderer',
    entrypointResolution: 'auto',
    serverEntrypoint: entry,
    supportedAstroFeatures: { serverOutput: 'stable', staticOutput: 'stable', sharpImageService: 'stable' },
    adapterFeatures: { buildOutput: 'server' },
  };
  return {
    name: 'perfgate:renderer',
    hooks: {
      'astro:config:done': ({ setAdapter }) => setAdapter(adapter as Parameters<typeof setAdapter>[0]),
    },
  };
}

/** Bundles the renderer into the scratch folder and stores it; returns the folder to render from. */
async function bundleRenderer(): Promise<string> {
  const started = performance.now();
  const built = path.join(job.work, 'renderer');
  await build({
    configFile: false,
    // The scratch folder is Astro's root (it writes its generated types under <root>/.astro): the
    // package's src/, public/, content/ and schemas/ appear in it as links, never written.
    root: job.work,
    outDir: built,
    cacheDir: job.cacheDir,
    base: job.base,
    ...(job.site ? { site: job.site } : {}),
    output: 'server',
    adapter: rendererAdapter(path.join(job.work, 'src', 'site', 'renderer-entry.ts')),
    integrations: [mdx()],
    trailingSlash: 'ignore',
    build: { format: 'directory' },
    devToolbar: { enabled: false },
    logLevel: 'warn',
    vite: {
      cacheDir: job.viteCacheDir,
      // Keep the linked paths: Astro expects every source file under its root.
      resolve: { preserveSymlinks: true },
      build: {
        rolldownOptions: {
          // MDX modules carry Astro's own "use astro:head-inject" marker: a known, harmless bundler notice.
          onwarn(warning, warn) {
            if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
          },
        },
      },
    },
  } as Parameters<typeof build>[0]);
  const stored = await storeRenderer(built, job.renderer.dir, job.renderer.key);
  if (!stored.stored)
    process.stderr.write(
      `perfgate: the renderer was not stored (${stored.why}); the next build bundles the pages again\n`,
    );
  await reply({ type: 'bundled', files: stored.files, ms: Math.round(performance.now() - started) });
  return stored.folder;
}

/** Renders every page of the site data into the site folder, with the renderer's client files. */
async function renderSite(folder: string): Promise<number> {
  await linkDependencies(folder);
  const entry = (await import(pathToFileURL(path.join(folder, RENDERER_ENTRY)).href)) as RendererEntry;
  await dataReady;
  const data = JSON.parse(await readFile(job.dataFile, 'utf8')) as SiteDataFile;
  const pages = await entry.sitePages(data);
  await cp(path.join(folder, RENDERER_CLIENT), job.outDir, { recursive: true });
  const dirs = new Set(pages.map((p) => path.dirname(path.join(job.outDir, ...p.file.split('/')))));
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  await eachLimit(pages, IN_FLIGHT, async (p) => {
    await writeFile(path.join(job.outDir, ...p.file.split('/')), await entry.renderPage(p));
  });
  return pages.length;
}

try {
  const folder = job.renderer.found ?? (await bundleRenderer());
  await renderSite(folder);
  await reply({ ok: true } satisfies AstroReply);
} catch (e) {
  const err = e as NodeJS.ErrnoException & { cause?: unknown };
  const codes: string[] = [];
  for (let cur: unknown = err, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as NodeJS.ErrnoException).code;
    if (typeof code === 'string') codes.push(code);
    cur = (cur as { cause?: unknown }).cause;
  }
  await reply({ ok: false, message: err?.message ?? String(e), codes, stack: err?.stack ?? '' });
}
process.disconnect?.();
