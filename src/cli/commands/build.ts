/** `perfgate build`: parses the options, runs the publishing pipeline (core/publish), prints the outcome. */
import type { Command } from 'commander';
import { formatBytes } from '../../core/format/index.ts';
import { plural } from '../../core/format/plural.ts';
import { VERDICT } from '../../core/format/words.ts';
import { publish, type PublishPhase } from '../../core/publish/index.ts';
import { errnoCodes } from '../../core/publish/astro.ts';
import { phaseReporter } from '../../core/emit/progress.ts';
import { cacheSecret } from '../../core/cache/secret.ts';
import os from 'node:os';
import { DEFAULT_ARCHIVE, resolveEvaluationTime } from '../defaults.ts';
import { decideExit, type ExitCode } from '../exit.ts';
import { PerfgateError } from '../../core/errors.ts';
import { countSeverities, formatDiagnostics } from '../output.ts';
import { safeLineWriter } from '../terminal-safe.ts';
import { cycleOptions, type Runner } from '../command.ts';

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
  allowAltered?: boolean;
  cache: boolean;
}

/** `/repo/` from `repo`, `/repo` or `/repo/`; `/` stays `/`. */
export function normaliseBase(base: string): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, '');
  if (/[?#\\\s]/.test(trimmed) || trimmed.split('/').some((s) => s === '..' || s === '.'))
    throw new PerfgateError(
      `Unexpected --base ${JSON.stringify(base)}`,
      'Give a URL path such as /my-repo/.',
    );
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
    throw new PerfgateError(
      `Unexpected --site ${JSON.stringify(site)}, expected an http(s) URL`,
      'Write e.g. --site https://example.github.io.',
    );
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

/** A build the user can fix (refused, or stopped by the environment) becomes a PerfgateError with a hint. */
function asPerfgateError(e: unknown, out: string): unknown {
  if (e instanceof PerfgateError) return e;
  const code = errnoCodes(e).find((c) => ENVIRONMENT.has(c));
  if (!code) return e;
  const why =
    code === 'ENOSPC' || code === 'EDQUOT' ? ': no space left' : code === 'EFBIG' ? ': file too large' : '';
  return new PerfgateError(
    `Could not write the site (${code}${why}); ${out} is unchanged`,
    'Free space (or lift the file size limit) beside --out, check permissions, then build again.',
  );
}

const PHASE_LABEL: Record<PublishPhase, string> = {
  renderer: "bundled the page renderer's files",
  history: 'read and evaluated the history',
  pages: 'rendered the pages of cycles',
  cached: 'reused the cached pages of frozen cycles',
  evidence: 'copied the evidence',
  search: 'indexed the pages for search',
  merge: 'placed the evidence',
  swap: 'swapped the site in',
};

/** The user's home folder, or '' where there is none. */
function homeOrEmpty(): string {
  try {
    return os.homedir();
  } catch {
    return '';
  }
}

export function registerBuild(program: Command, run: Runner): void {
  cycleOptions(program.command('build').description('build the static site of the cycle history'))
    .option('--archive <dir>', 'archived cycles', DEFAULT_ARCHIVE)
    .option('--out <dir>', 'output folder (replaced only when the build succeeds)', 'dist')
    .option('--base <path>', 'base path the site is served under, e.g. /repo/', '/')
    .option('--site <url>', 'public URL of the site (for the feed and absolute links)')
    .option('--no-fail-on-gate', 'exit 0 even when the current cycle fails a gate')
    .option('--allow-altered', 'publish archived cycles that do not verify, marked "altered"')
    .option(
      '--no-cache',
      'read and write no build cache beside --out (the site is the same, only slower to build)',
    )
    .action((opts: BuildOptions) =>
      run(async (io) => {
        checkSite(opts.site);
        const base = normaliseBase(opts.base);
        const reporter = phaseReporter(io.stderr, io.tty === true);
        // The children's own messages (Astro's, any library's warnings) are escaped like every line.
        const childLog = safeLineWriter(io.stderr);
        // The cache's seal comes from PERFGATE_CACHE_KEY or this user's secret file, never from
        // beside --out (core/cache/secret.ts).
        const secret = opts.cache ? await cacheSecret(process.env, homeOrEmpty()) : undefined;
        if (secret && secret.secret === null) childLog.write(`perfgate: ${secret.source}\n`);
        let result;
        try {
          result = await publish(
            {
              artifactsDir: opts.artifacts,
              archiveDir: opts.archive,
              configFile: opts.config,
              out: opts.out,
              base,
              site: opts.site ?? null,
              evaluatedAt: resolveEvaluationTime(opts.asOf),
              allowAltered: opts.allowAltered === true,
              cwd: process.cwd(),
              pid: process.pid,
              cacheSecret: secret?.secret ?? null,
            },
            {
              phase: (p, count, ms) => reporter.done(PHASE_LABEL[p], count, ms),
              progress: (p, done, total) => reporter.update(PHASE_LABEL[p], done, total),
              ...(io.buildPoint ? { at: io.buildPoint } : {}),
              log: (s) => childLog.write(s),
            },
          );
        } catch (e) {
          throw asPerfgateError(e, opts.out);
        } finally {
          childLog.end();
          reporter.end();
        }
        if (!result.built) {
          const { current, blocking } = result;
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
        const { summary, current, pages, bytes, ms } = result;
        const failed =
          current !== undefined && (current.verdict === 'fail' || current.validation === 'invalid');
        const exitCode: ExitCode = failed && opts.failOnGate ? 1 : 0;
        const seconds = (ms / 1000).toFixed(1);
        const { altered } = summary;
        return {
          exitCode,
          json: {
            command: 'build',
            out: opts.out,
            built: true,
            cycles: summary.cycles,
            pages,
            bytes,
            seconds: Number(seconds),
            verdict: current?.verdict ?? null,
            chain_head: summary.chain_head,
            altered,
            exit_code: exitCode,
          },
          human: [
            `Built ${plural(summary.cycles, 'cycle')} (${plural(pages, 'page')}, ${formatBytes(bytes)}) into ${opts.out} in ${seconds} s`,
            current
              ? `Current cycle ${current.cycle_id}: ${VERDICT[current.verdict].label}${failed && !opts.failOnGate ? ' (exit 0: --no-fail-on-gate)' : ''}`
              : 'No current cycle.',
            ...(summary.chain_head
              ? [`Chain head (newest archived manifest SHA-256): ${summary.chain_head}`]
              : []),
            ...(altered.length > 0
              ? [`⚠ Published as altered (--allow-altered): ${altered.join(', ')}`]
              : []),
          ].join('\n'),
        };
      }, opts.json === true),
    );
}
