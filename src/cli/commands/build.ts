/** `perfgate build`: the static site, built into a temporary folder and swapped in only on success. */
import { mkdtemp, rm, rename, writeFile, stat, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { readHistory } from '../../core/history.ts';
import type { SiteData } from '../../core/site-data.ts';
import { DEFAULT_ARCHIVE, resolveEvaluationTime } from '../context.ts';
import { UserError, type ExitCode } from '../exit.ts';
import { cycleOptions, type Runner } from '../main.ts';

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

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
        const started = Date.now();
        const generatedAt = resolveEvaluationTime(opts.asOf);
        const cycles = await readHistory(opts.artifacts, opts.archive, opts.config);
        const data: SiteData = { generated_at: generatedAt, cycles };
        const work = await mkdtemp(path.join(os.tmpdir(), 'perfgate-build-'));
        try {
          const dataFile = path.join(work, 'site-data.json');
          await writeFile(dataFile, JSON.stringify(data));
          // Staged beside the target so that the final swap is a rename on one file system.
          const staging = `${path.resolve(opts.out)}.perfgate-new-${process.pid}`;
          process.env.PERFGATE_SITE_DATA = dataFile;
          process.env.ASTRO_TELEMETRY_DISABLED = '1';
          // Vite lets these environment variables override import.meta.env (a stray BASE_URL would break every link).
          for (const k of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'SITE', 'ASSETS_PREFIX'])
            delete process.env[k];
          const { build } = await import('astro');
          await build({
            root: PACKAGE_ROOT,
            outDir: staging,
            base: opts.base,
            ...(opts.site ? { site: opts.site } : {}),
            logLevel: 'warn',
          });
          await swapIn(staging, path.resolve(opts.out));
        } finally {
          await rm(work, { recursive: true, force: true });
          await rm(`${path.resolve(opts.out)}.perfgate-new-${process.pid}`, { recursive: true, force: true });
        }
        const current = cycles.find((c) => c.source === 'current');
        const exitCode: ExitCode = current && current.validation !== 'valid' && opts.failOnGate ? 1 : 0;
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        return {
          exitCode,
          json: { command: 'build', out: opts.out, cycles: cycles.length, exit_code: exitCode },
          human: `Built ${cycles.length} cycles into ${opts.out} in ${seconds} s${current ? `; current cycle ${current.cycle_id}: ${current.validation}` : ''}`,
        };
      }, opts.json === true),
    );
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
