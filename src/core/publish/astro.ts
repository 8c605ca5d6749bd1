/**
 * Astro's part of a build: a child process (`astro-child.ts`) whose working directory is the
 * scratch folder bundles the renderer if no stored one verifies (renderer.ts), then renders the
 * pages from the site data written to a file in that folder. Its dependencies resolve through a
 * `node_modules` link in the scratch folder to the folder holding perfgate's own.
 */
import { fork } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteData } from '../history/site-data.ts';

/** The package root (holds `src/pages`, whether perfgate runs from its sources or from lib/). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The package folders the site is built from, linked into the scratch folder. */
const SITE_SOURCES = ['src', 'public', 'content', 'schemas'];

export interface AstroJob {
  /** Astro's root: the scratch folder. */
  work: string;
  /** Where the site's files are written. */
  outDir: string;
  cacheDir: string;
  viteCacheDir: string;
  base: string;
  site: string | null;
  dataFile: string;
  renderer: RendererJob;
}

/** Where renderers are stored, this build's key, and the stored renderer that verified (if any). */
export interface RendererJob {
  dir: string;
  key: string;
  found: string | null;
}

/** The file Astro reads its data from (src/site/data.ts). */
export interface SiteDataFile {
  /** Cycles whose pages come from the page cache: not rendered. */
  cached_slugs: string[];
  data: SiteData;
}

export type AstroReply = { ok: true } | { ok: false; message: string; codes: string[]; stack: string };
/** What the child says: that it bundled the renderer (how many files, how long), then its reply. */
export type ChildMessage = AstroReply | { type: 'bundled'; files: number; ms: number };

/** An Astro build that failed: its message and the errno codes of its causes. */
export class AstroBuildError extends Error {
  readonly codes: string[];
  constructor(message: string, codes: string[], stack: string) {
    super(message);
    this.codes = codes;
    if (stack) this.stack = stack;
  }
}

/** The `node_modules` folder that holds Astro (and perfgate's other dependencies). */
export function dependencyFolder(): string {
  const astro = fileURLToPath(import.meta.resolve('astro'));
  const i = astro.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  return astro.slice(0, i + `${path.sep}node_modules`.length);
}

/** An Astro run under way: it bundles the renderer (if needed) while the history is read, then waits for its data. */
export interface PagesRun {
  /** Writes the site data and lets the pages be rendered (those of `cachedSlugs` are left to the page cache). */
  provide(data: SiteData, cachedSlugs: readonly string[]): Promise<void>;
  /** Resolves with the folder of the rendered site once Astro has finished. */
  done: Promise<string>;
}

/**
 * Starts Astro on the scratch folder `work`: it bundles the renderer at once unless a stored one
 * verified, and renders the pages once `provide` has handed it the site data. Stopped (killed) by
 * `opts.signal`.
 */
export async function startPages(
  work: string,
  opts: {
    base: string;
    site: string | null;
    renderer: RendererJob;
    /** The renderer was bundled (there was none stored that verified): its files and the time it took. */
    bundled?: (files: number, ms: number) => void;
    log: (s: string) => void;
    signal: AbortSignal;
  },
): Promise<PagesRun> {
  await mkdir(work, { recursive: true });
  const dataFile = path.join(work, 'site-data.json');
  await symlink(dependencyFolder(), path.join(work, 'node_modules'), 'dir');
  for (const dir of SITE_SOURCES) await symlink(path.join(PACKAGE_ROOT, dir), path.join(work, dir), 'dir');
  const job: AstroJob = {
    work,
    outDir: path.join(work, 'site'),
    cacheDir: path.join(work, 'astro-cache'),
    viteCacheDir: path.join(work, 'vite-cache'),
    base: opts.base,
    site: opts.site,
    dataFile,
    renderer: opts.renderer,
  };
  const self = fileURLToPath(import.meta.url);
  const child = path.join(path.dirname(self), `astro-child${path.extname(self)}`);
  // Vite lets these variables override import.meta.env (a stray BASE_URL would break every link).
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  for (const k of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'SITE', 'ASSETS_PREFIX']) delete env[k];
  const proc = fork(child, [JSON.stringify(job)], {
    cwd: work,
    env,
    // A smaller young generation: rendering thousands of pages makes short-lived strings, and V8
    // otherwise grows each semi-space to 32 MB or more. Measured on the 200-cycle bench: the
    // child's peak RSS falls by about 75 MB, warm (636 to 562 MB) and cold (809 to 734 MB), time
    // unchanged within the noise.
    execArgv: [...process.execArgv, '--max-semi-space-size=16'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Stopped when the rest of the build failed: nothing keeps writing once the build gives up.
    signal: opts.signal,
    killSignal: 'SIGKILL',
  });
  proc.stdout?.on('data', (b: Buffer) => opts.log(b.toString()));
  proc.stderr?.on('data', (b: Buffer) => opts.log(b.toString()));
  const reply = new Promise<AstroReply>((resolve, reject) => {
    let got: AstroReply | undefined;
    proc.on('message', (m: ChildMessage) => {
      if ('type' in m) opts.bundled?.(m.files, m.ms);
      else got = m;
    });
    proc.on('error', (e) => (e.name === 'AbortError' ? undefined : reject(e)));
    proc.on('exit', (code, signal) =>
      resolve(
        got ?? {
          ok: false,
          message: `the Astro build stopped (${signal ?? `exit code ${code}`})`,
          codes: [],
          stack: '',
        },
      ),
    );
  });
  const done = reply.then((r) => {
    if (!r.ok) throw new AstroBuildError(r.message, r.codes, r.stack);
    return job.outDir;
  });
  // Awaited by the caller on success; a run given up early must not become an unhandled rejection.
  done.catch(() => undefined);
  return {
    done,
    async provide(data, cachedSlugs) {
      const envelope: SiteDataFile = { cached_slugs: [...cachedSlugs], data };
      await writeFile(dataFile, JSON.stringify(envelope));
      // A child that is already gone cannot be told: `done` then carries why it stopped.
      await new Promise<void>((resolve) => {
        if (!proc.connected) resolve();
        else proc.send({ type: 'data-ready' }, () => resolve());
      });
    },
  };
}
