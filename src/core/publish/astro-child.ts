/**
 * Runs Astro's build in a process of its own, started by `astro.ts` with its working directory set
 * to the build's scratch folder: Astro places its prerender chunks under the working directory, so
 * this keeps every write out of the user's tree and out of the installed package, without the
 * builder ever changing its own working directory.
 */
import mdx from '@astrojs/mdx';
import { build } from 'astro';
import { siteDataIntegration } from './site-data-module.ts';
import type { AstroJob, AstroReply } from './astro.ts';

const job = JSON.parse(process.argv[2] ?? '{}') as AstroJob;
// The parent is gone (killed): stop, so that nothing outlives the build that owned it.
process.on('disconnect', () => process.exit(1));
// The site data is written while Astro bundles; rendering waits for the builder's word that it is there.
const dataReady = new Promise<void>((resolve) =>
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'data-ready') resolve();
  }),
);

const reply = (r: AstroReply) =>
  new Promise<void>((resolve) => {
    if (process.send) process.send(r, () => resolve());
    else resolve();
  });

try {
  await build({
    configFile: false,
    // The scratch folder is Astro's root (it writes its generated types under <root>/.astro): the
    // package's src/, public/, content/ and schemas/ appear in it as links, never written.
    root: job.work,
    outDir: job.outDir,
    cacheDir: job.cacheDir,
    base: job.base,
    ...(job.site ? { site: job.site } : {}),
    integrations: [mdx(), siteDataIntegration(job.dataFile, dataReady)],
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
  await reply({ ok: true });
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
