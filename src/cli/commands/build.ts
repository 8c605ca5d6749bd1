/**
 * `perfgate build`: the static site. Everything is staged in a temporary folder (Astro pages, the
 * Pagefind index, the evidence copies) and swapped in only on success.
 */
import { constants, createWriteStream } from 'node:fs';
import { cp, lstat, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { isError } from '../../core/diagnostics.ts';
import { errnoCode } from '../../core/emit/errors.ts';
import { formatBytes } from '../../core/format/index.ts';
import { isAlive } from '../../core/emit/fs-writer.ts';
import { readHistory } from '../../core/history/read.ts';
import type { SiteData } from '../../core/history/site-data.ts';
import { DEFAULT_ARCHIVE, resolveEvaluationTime } from '../context.ts';
import { decideExit, UserError, type ExitCode } from '../exit.ts';
import { countSeverities, formatDiagnostics } from '../output.ts';
import { cycleOptions, type Runner } from '../command.ts';

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ASTRO_CACHE = path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'perfgate');

interface BuildOptions {
  artifacts: string;
  config: string;
  archive: string;
  out: string;
  base: string;
  site?: string;
  asOf?: string;
  json?: boolean;
  failOnGate: boolean;
}

/** Refuses an --out that would swallow the working tree (the cwd itself or one of its parents). */
function checkOut(out: string): void {
  const abs = path.resolve(out);
  const cwd = process.cwd();
  if (cwd === abs || cwd.startsWith(abs + path.sep) || abs === path.parse(abs).root) {
    throw new UserError(
      `Refusing --out ${out}: it is the working directory or one of its parents, and a build replaces its --out`,
      'Use a dedicated folder such as dist/.',
    );
  }
}

/** `/repo/` from `repo`, `/repo` or `/repo/`; `/` stays `/`. */
export function normaliseBase(base: string): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, '');
  if (/[?#\\\s]/.test(trimmed) || trimmed.split('/').some((s) => s === '..' || s === '.'))
    throw new UserError(`Unexpected --base ${JSON.stringify(base)}`, 'Give a URL path such as /my-repo/.');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

function checkSite(site: string | undefined): void {
  if (site === undefined) return;
  let url: URL | undefined;
  try {
    url = new URL(site);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol))
    throw new UserError(
      `Unexpected --site ${JSON.stringify(site)}, expected an http(s) URL`,
      'Write e.g. --site https://example.github.io.',
    );
}

export function registerBuild(program: Command, run: Runner): void {
  cycleOptions(program.command('build').description('build the static site of the cycle history'))
    .option('--archive <dir>', 'archived cycles', DEFAULT_ARCHIVE)
    .option('--out <dir>', 'output folder (replaced only when the build succeeds)', 'dist')
    .option('--base <path>', 'base path the site is served under, e.g. /repo/', '/')
    .option('--site <url>', 'public URL of the site (for the feed and absolute links)')
    .option('--no-fail-on-gate', 'exit 0 even when the current cycle fails a gate')
    .action((opts: BuildOptions) =>
      run(async () => {
        checkOut(opts.out);
        checkSite(opts.site);
        const base = normaliseBase(opts.base);
        const started = Date.now();
        const generatedAt = resolveEvaluationTime(opts.asOf);
        const data = await readHistory({
          artifactsDir: opts.artifacts,
          archiveDir: opts.archive,
          configFile: opts.config,
          evaluatedAt: generatedAt,
          base,
          site: opts.site,
        });
        const current = data.cycles.find((c) => c.source === 'current');
        // A broken artifact in the current cycle is never published: the last good site stays.
        // Missing later-phase artifacts are not broken: an in-progress cycle builds and shows its phase.
        const blocking = (current?.diagnostics ?? []).filter(
          (d) => isError(d) && d.code !== 'prereq.missing-artifact',
        );
        if (current && blocking.length > 0) {
          const exitCode = decideExit({ diagnostics: blocking });
          return {
            exitCode,
            json: {
              command: 'build',
              out: opts.out,
              built: false,
              exit_code: exitCode,
              diagnostics: blocking,
            },
            human: [
              formatDiagnostics(blocking, opts.artifacts, opts.config),
              `✖ Not built: the current cycle ${current.cycle_id} has ${countSeverities(blocking)}; ${opts.out} is unchanged. Fix the artifacts above (perfgate validate shows the same list).`,
            ].join('\n\n'),
          };
        }
        const out = path.resolve(opts.out);
        await cleanStale(out);
        // Everything a run writes is named after its process id (beside --out, or in the package's
        // cache), so that whatever a killed run leaves behind is recognised and removed by the next.
        const staging = `${out}.perfgate-new-${process.pid}`;
        const work = `${out}.perfgate-work-${process.pid}`;
        // Astro prerenders from chunks inside its outDir that import the site's dependencies, so it
        // builds inside the package (where they resolve), then the result moves beside --out.
        const astroOut = path.join(ASTRO_CACHE, `build-${process.pid}`);
        try {
          await mkdir(work, { recursive: true });
          await buildSite(data, work, astroOut, base, opts.site);
          await moveTree(astroOut, staging);
          await indexForSearch(staging);
          await copyEvidence(data, staging);
          await swapIn(staging, out);
        } catch (e) {
          throw asUserError(e, opts.out);
        } finally {
          await rm(work, { recursive: true, force: true });
          await rm(staging, { recursive: true, force: true });
          await rm(astroOut, { recursive: true, force: true });
        }
        const failed =
          current !== undefined && (current.verdict === 'fail' || current.validation === 'invalid');
        const exitCode: ExitCode = failed && opts.failOnGate ? 1 : 0;
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const { pages, bytes } = await measure(out);
        return {
          exitCode,
          json: {
            command: 'build',
            out: opts.out,
            built: true,
            cycles: data.cycles.length,
            pages,
            bytes,
            seconds: Number(seconds),
            verdict: current?.verdict ?? null,
            exit_code: exitCode,
          },
          human: [
            `Built ${data.cycles.length} cycles (${pages} pages, ${formatBytes(bytes)}) into ${opts.out} in ${seconds} s`,
            current
              ? `Current cycle ${current.cycle_id}: ${current.verdict.replace('_', ' ')}${failed && !opts.failOnGate ? ' (exit 0: --no-fail-on-gate)' : ''}`
              : 'No current cycle.',
          ].join('\n'),
        };
      }, opts.json === true),
    );
}

/** Runs Astro's programmatic build with the site data handed over through a file named in the environment. */
async function buildSite(
  data: SiteData,
  work: string,
  staging: string,
  base: string,
  site?: string,
): Promise<void> {
  const dataFile = path.join(work, 'site-data.json');
  await writeFile(dataFile, JSON.stringify(data));
  process.env.PERFGATE_SITE_DATA = dataFile;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  // Vite lets these environment variables override import.meta.env (a stray BASE_URL would break every link).
  for (const k of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'SITE', 'ASSETS_PREFIX']) delete process.env[k];
  const { build } = await import('astro');
  // Astro keeps prerender chunks under <cwd>/.astro, and they import the site's dependencies: build
  // from the package root so that they resolve, and so that nothing is written into the user's tree.
  const cwd = process.cwd();
  process.chdir(PACKAGE_ROOT);
  try {
    await build({
      root: PACKAGE_ROOT,
      outDir: staging,
      base,
      ...(site ? { site } : {}),
      logLevel: 'warn',
      vite: {
        build: {
          rolldownOptions: {
            // MDX modules carry Astro's own "use astro:head-inject" marker: a known, harmless bundler notice.
            onwarn(warning, warn) {
              if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
            },
          },
        },
      },
    });
  } finally {
    process.chdir(cwd);
  }
}

/** Pagefind over the built pages (before the evidence copies, so that evidence HTML is never indexed). */
async function indexForSearch(staging: string): Promise<void> {
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
    if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: staging });
    if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: path.join(staging, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
  } finally {
    await pagefind.close();
  }
}

/** Failures of the environment (a full disk, a file size limit, a read-only folder), not bugs. */
const ENVIRONMENT = new Set([
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'EROFS',
  'EACCES',
  'EPERM',
  'EIO',
  'EMFILE',
  'ENFILE',
]);

/** The errno code of an error or of one of its causes (Astro and Vite wrap the errors they meet). */
function rootErrno(e: unknown): string | undefined {
  let cur = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = errnoCode(cur);
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A build the environment stopped is the user's to fix (exit 2, a hint), not "a bug in perfgate". */
function asUserError(e: unknown, out: string): unknown {
  if (e instanceof UserError) return e;
  const code = rootErrno(e);
  if (!code || !ENVIRONMENT.has(code)) return e;
  const why =
    code === 'ENOSPC' || code === 'EDQUOT' ? ': no space left' : code === 'EFBIG' ? ': file too large' : '';
  return new UserError(
    `Could not write the site (${code}${why}); ${out} is unchanged`,
    'Free space (or lift the file size limit) where --out and the package live, check permissions, then build again.',
  );
}

/**
 * Folders a killed build left behind (`<out>.perfgate-new|old|work-<pid>` beside --out and
 * `build-<pid>` in the package cache): removed once their process is gone. A previous site left
 * under `-old-` while `out` is missing (killed between the two renames of swapIn) is put back.
 */
async function cleanStale(out: string): Promise<void> {
  const dead = (pid: string) => Number(pid) !== process.pid && !isAlive(Number(pid));
  const prefix = `${path.basename(out)}.perfgate-`;
  for (const name of (await readdir(path.dirname(out)).catch(() => [] as string[])).sort()) {
    const m = /^(new|old|work)-(\d+)$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '');
    if (!m || !dead(m[2]!)) continue;
    const stale = path.join(path.dirname(out), name);
    const outExists = await lstat(out).then(
      () => true,
      () => false,
    );
    if (m[1] === 'old' && !outExists) await rename(stale, out);
    else await rm(stale, { recursive: true, force: true });
  }
  for (const name of await readdir(ASTRO_CACHE).catch(() => [] as string[])) {
    const m = /^build-(\d+)$/.exec(name);
    if (m && dead(m[1]!)) await rm(path.join(ASTRO_CACHE, name), { recursive: true, force: true });
  }
}

/** Copies every evidence file into the staged site, streaming, never following a link. */
async function copyEvidence(data: SiteData, staging: string): Promise<void> {
  for (const { from, to } of data.copies) {
    const dest = path.resolve(staging, ...to.split('/'));
    if (!dest.startsWith(staging + path.sep)) throw new Error(`evidence copy outside the site: ${to}`);
    await mkdir(path.dirname(dest), { recursive: true });
    let src;
    try {
      src = await open(from, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (e) {
      const code = errnoCode(e);
      const why =
        code === 'ENOENT'
          ? 'it disappeared while the site was built'
          : code === 'ELOOP'
            ? 'it became a symbolic link'
            : (code ?? String(e));
      throw new UserError(
        `Could not copy evidence ${from} into the site (${why}); nothing was published`,
        'Stop whatever is changing the cycle directory, then build again; the previous site is unchanged.',
      );
    }
    try {
      await pipeline(src.createReadStream(), createWriteStream(dest, { flags: 'wx' }));
    } finally {
      await src.close().catch(() => undefined);
    }
  }
}

/** Replaces `out` with `staging` so that a failed build never leaves a half-written site. */
async function swapIn(staging: string, out: string): Promise<void> {
  await mkdir(path.dirname(out), { recursive: true });
  const old = `${out}.perfgate-old-${process.pid}`;
  let hadOld = false;
  try {
    await stat(out);
    await rename(out, old);
    hadOld = true;
  } catch {
    // no previous site
  }
  try {
    await rename(staging, out);
  } catch (e) {
    if (hadOld) await rename(old, out);
    throw e;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/** Pages (HTML files) and total bytes of the built site. */
async function measure(dir: string): Promise<{ pages: number; bytes: number }> {
  let pages = 0;
  let bytes = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    if (e.name.endsWith('.html')) pages++;
    bytes += (await stat(path.join(e.parentPath, e.name))).size;
  }
  return { pages, bytes };
}

/** Moves a folder: a rename on one file system, else a copy then removal. */
async function moveTree(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await cp(from, to, { recursive: true, verbatimSymlinks: true });
    await rm(from, { recursive: true, force: true });
  }
}
