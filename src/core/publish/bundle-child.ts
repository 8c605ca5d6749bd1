/**
 * Bundles the renderer (renderer.ts) with Astro, in a process of its own started by `astro.ts` with
 * its working directory set to the build's scratch folder: Astro places its generated files under
 * the working directory, so this keeps every write out of the user's tree and out of the installed
 * package, without the builder ever changing its own working directory. Run only when no stored
 * renderer verifies, while the render child reads the history; the builder stores what it bundled.
 */
import path from 'node:path';
import mdx from '@astrojs/mdx';
import { build, type AstroIntegration } from 'astro';
import { readdir } from 'node:fs/promises';
import { failureOf, tellBuilder, type BundleJob } from './astro.ts';

const job = JSON.parse(process.argv[2] ?? '{}') as BundleJob;
// The parent is gone (killed): stop, so that nothing outlives the build that owned it.
process.on('disconnect', () => process.exit(1));

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

try {
  const started = performance.now();
  const built = job.outDir;
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
  const files = (await readdir(built, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  await tellBuilder({
    type: 'bundled',
    folder: built,
    files: files.length,
    ms: Math.round(performance.now() - started),
  });
} catch (e) {
  await tellBuilder({ type: 'failed', ...failureOf(e) });
}
process.disconnect?.();
