/**
 * The build's child processes, seen from the builder:
 * - `bundle-child.ts` bundles the renderer with Astro when no stored one verifies (renderer.ts). Its
 *   working directory is the scratch folder, where the package's site sources and dependencies
 *   appear as links; the builder stores what it bundled.
 * - `render-child.ts` reads and evaluates the history, places the cached pages that verify, tells
 *   the builder what to copy, and renders the other pages from the renderer.
 * Both exit before the search index is built, and every byte they used goes with them: the builder
 * itself never holds the history (a process's heap, once grown, is not given back to the system).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics.ts';
import { EmitError } from '../evidence/errors.ts';
import type { CopyRequest } from '../history/evidence.ts';
import type { CycleRecord } from '../history/site-data.ts';
import { dependencyFolder, PACKAGE_ROOT } from './package.ts';
import type { PagePlan } from './page-cache.ts';

/** The package folders the site is built from, linked into the scratch folder for bundling. */
const SITE_SOURCES = ['src', 'public', 'content', 'schemas'];

/** The bundling job: Astro's root is the scratch folder; the renderer is written to `outDir`. */
export interface BundleJob {
  work: string;
  outDir: string;
  cacheDir: string;
  viteCacheDir: string;
  base: string;
  site: string | null;
}

/** The rendering job: where the history is, and where the pages go. */
export interface RenderJob {
  history: {
    artifactsDir: string;
    archiveDir: string;
    configFile: string;
    evaluatedAt: string;
    base: string;
    site: string | null;
  };
  allowAltered: boolean;
  /**
   * The build cache's folder, which the builder opened (cache/folder.ts); null: no cache. Its secret
   * is not in the job (a process's arguments can be read by others): the builder sends it.
   */
  cacheRoot: string | null;
  /** The parts of the cache the builder found usable (each noted once by the builder otherwise). */
  cacheParts: { records: string | null; pages: string | null };
  /** Where records for the cache are staged (moved into it by the builder once the build succeeded). */
  stagedRecords: string;
  /** The site folder the pages are written to. */
  outDir: string;
  /** The folder the cached pages that verify are written to (merged into the site by the builder). */
  cachedDir: string;
  /** The renderer copied from the cache; null when it is being bundled (the builder sends its folder). */
  renderer: string | null;
  /** The template fingerprint (page-cache.ts), computed once by the builder. */
  templates: string;
}

/** What a build reports of the history (the site data itself stays in the render child). */
export interface BuiltSummary {
  cycles: number;
  chain_head: string | null;
  /** Archived cycles published marked "altered" (--allow-altered). */
  altered: string[];
}

/** A failure in a child, as it crosses to the builder (which turns it back into an error). */
export interface Failure {
  message: string;
  hint?: string;
  /** Set for an EmitError (a failure the user can fix), with its kind. */
  emit?: 'refused' | 'failed';
  codes: string[];
  stack: string;
}

/** What the children say. */
export type ChildMessage =
  | { type: 'bundled'; folder: string; files: number; ms: number }
  | { type: 'history'; cycles: number; ms: number }
  | { type: 'blocked'; current: CycleRecord; blocking: Diagnostic[] }
  | {
      type: 'prepared';
      plan: PagePlan;
      copies: CopyRequest[];
      current: CycleRecord | undefined;
      summary: BuiltSummary;
      /** The record cache's entries to keep (used or staged). */
      records: string[];
    }
  | { type: 'rendered'; pages: number }
  | ({ type: 'failed' } & Failure);

/** What the builder tells the render child: the cache secret (first), the folder of the renderer just bundled. */
export type BuilderMessage = { type: 'secret'; hex: string | null } | { type: 'renderer'; folder: string };

/** In a child: sends the builder `m`, resolved once it is handed over. */
export function tellBuilder(m: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send) process.send(m, () => resolve());
    else resolve();
  });
}

/** A child failed: its message and the errno codes of its causes (Astro and Vite wrap the errors they meet). */
export class ChildError extends Error {
  readonly codes: string[];
  constructor(message: string, codes: string[], stack: string) {
    super(message);
    this.codes = codes;
    if (stack) this.stack = stack;
  }
}

/** Linux errno numbers as Rust's io errors print them ("File too large (os error 27)"): rolldown's, in Vite. */
const OS_ERROR: Readonly<Record<string, string>> = {
  '1': 'EPERM',
  '5': 'EIO',
  '13': 'EACCES',
  '23': 'ENFILE',
  '24': 'EMFILE',
  '27': 'EFBIG',
  '28': 'ENOSPC',
  '30': 'EROFS',
  '122': 'EDQUOT',
};

/**
 * The errno codes of an error and its causes (Astro and Vite wrap the errors they meet): each one's
 * `code`, and the `(os error N)` a native bundler writes into its message instead.
 */
export function errnoCodes(e: unknown): string[] {
  if (e instanceof ChildError) return e.codes;
  const codes: string[] = [];
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as NodeJS.ErrnoException).code;
    if (typeof code === 'string') codes.push(code);
    const message = (cur as { message?: unknown }).message;
    if (typeof message === 'string')
      for (const m of message.matchAll(/\(os error (\d+)\)/g)) {
        const named = OS_ERROR[m[1]!];
        if (named) codes.push(named);
      }
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

/** A failure as it crosses from a child. */
export function failureOf(e: unknown): Failure {
  const err = e as NodeJS.ErrnoException & { cause?: unknown };
  const codes = errnoCodes(e);
  const base = { message: err?.message ?? String(e), codes, stack: err?.stack ?? '' };
  return e instanceof EmitError ? { ...base, hint: e.hint, emit: e.kind } : base;
}

/** The error a child's failure stands for, on the builder's side. */
export function errorOf(f: Failure): Error {
  if (f.emit) return new EmitError(f.message, f.hint ?? '', f.emit);
  return new ChildError(f.message, f.codes, f.stack);
}

/**
 * The environment variables a child keeps: what Node and the system need, nothing else. The render
 * child runs the stored renderer, code read from beside --out: it gets no token or secret of the job
 * (GITHUB_TOKEN, cloud credentials), and Vite none of the variables that override import.meta.env
 * (a stray BASE_URL would break every link).
 */
const CHILD_ENV =
  /^(PATH|HOME|USER|LOGNAME|SHELL|TMPDIR|TEMP|TMP|LANG|LANGUAGE|LC_[A-Z]+|TZ|TERM|NO_COLOR|FORCE_COLOR|NODE_OPTIONS|NODE_EXTRA_CA_CERTS|SYSTEMROOT|WINDIR|COMSPEC|PATHEXT|APPDATA|LOCALAPPDATA|USERPROFILE)$/i;

/** Starts a child of this folder (`name`.ts or .js, as this file runs) on `job`, killed by `signal`. */
function start(
  name: 'bundle-child' | 'render-child',
  job: BundleJob | RenderJob,
  cwd: string,
  opts: { log: (s: string) => void; signal: AbortSignal },
): ChildProcess {
  const self = fileURLToPath(import.meta.url);
  const file = path.join(path.dirname(self), `${name}${path.extname(self)}`);
  const env: NodeJS.ProcessEnv = { ASTRO_TELEMETRY_DISABLED: '1' };
  for (const [k, v] of Object.entries(process.env)) if (CHILD_ENV.test(k)) env[k] = v;
  const proc = fork(file, [JSON.stringify(job)], {
    cwd,
    env,
    // A smaller young generation: reading the history and rendering thousands of pages make
    // short-lived objects, and V8 otherwise grows each semi-space to 32 MB or more. Measured on
    // the 200-cycle bench when one Astro child bundled and rendered: about 75 MB less at its
    // peak, time unchanged within the noise.
    execArgv: [...process.execArgv, '--max-semi-space-size=16'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Maps (the page plan) cross as they are.
    serialization: 'advanced',
    // Stopped when the rest of the build failed: nothing keeps writing once the build gives up.
    signal: opts.signal,
    killSignal: 'SIGKILL',
  });
  proc.stdout?.on('data', (b: Buffer) => opts.log(b.toString()));
  proc.stderr?.on('data', (b: Buffer) => opts.log(b.toString()));
  return proc;
}

/** Why a child ended without saying it was done. */
const ended = (code: number | null, signal: NodeJS.Signals | null) =>
  new ChildError(`a child process of the build stopped (${signal ?? `exit code ${code}`})`, [], '');

/** Bundles the renderer in a child whose root is the scratch folder `work`, into `job.outDir`. */
export async function bundleRenderer(
  work: string,
  job: Omit<BundleJob, 'work' | 'cacheDir' | 'viteCacheDir'>,
  opts: { log: (s: string) => void; signal: AbortSignal },
): Promise<{ folder: string; files: number; ms: number }> {
  await mkdir(work, { recursive: true });
  await symlink(dependencyFolder(), path.join(work, 'node_modules'), 'dir');
  for (const dir of SITE_SOURCES) await symlink(path.join(PACKAGE_ROOT, dir), path.join(work, dir), 'dir');
  const full: BundleJob = {
    ...job,
    work,
    cacheDir: path.join(work, 'astro-cache'),
    viteCacheDir: path.join(work, 'vite-cache'),
  };
  const proc = start('bundle-child', full, work, opts);
  return new Promise((resolve, reject) => {
    proc.on('message', (m: ChildMessage) => {
      if (m.type === 'bundled') resolve(m);
      else if (m.type === 'failed') reject(errorOf(m));
    });
    proc.on('close', (code, signal) => reject(ended(code, signal)));
    proc.on('error', (e) => (e.name === 'AbortError' ? undefined : reject(e)));
  });
}

/** A render child under way: its messages, each a promise that fails if the child fails first. */
export interface RenderRun {
  history: Promise<{ cycles: number; ms: number }>;
  /** What the rest of the build needs, or why the current cycle is not published. */
  prepared: Promise<Extract<ChildMessage, { type: 'blocked' }> | Extract<ChildMessage, { type: 'prepared' }>>;
  /** Resolves with the number of pages written once they all are. */
  rendered: Promise<number>;
  /** Hands the child the folder of the renderer just bundled. */
  useRenderer(folder: string): void;
  /** Resolves once the child has exited. */
  exited: Promise<void>;
}

/**
 * Starts the render child in the build's working directory `cwd` (the paths of the job are relative
 * to it, as the user gave them, and so are the paths its messages name). It writes only to the
 * job's site folder and the caches beside --out.
 */
export function startRender(
  cwd: string,
  job: RenderJob,
  secret: Buffer | null,
  opts: { log: (s: string) => void; signal: AbortSignal },
): RenderRun {
  const proc = start('render-child', job, cwd, opts);
  proc.send({ type: 'secret', hex: secret ? secret.toString('hex') : null } satisfies BuilderMessage);
  const waiters = new Map<string, { resolve: (m: ChildMessage) => void }>();
  let failure: Error | undefined;
  const rejecters = new Set<(e: Error) => void>();
  const waitFor = <T extends ChildMessage['type']>(...types: T[]) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      if (failure) return reject(failure);
      for (const t of types) waiters.set(t, { resolve: resolve as (m: ChildMessage) => void });
      rejecters.add(reject);
    });
  const fail = (e: Error) => {
    failure ??= e;
    for (const r of rejecters) r(failure);
  };
  proc.on('message', (m: ChildMessage) => {
    if (m.type === 'failed') fail(errorOf(m));
    else waiters.get(m.type)?.resolve(m);
  });
  const exited = new Promise<void>((resolve) => {
    proc.on('close', (code, signal) => {
      fail(ended(code, signal));
      resolve();
    });
    // A child that could not be started never closes.
    proc.on('error', (e) => {
      if (e.name === 'AbortError') return;
      fail(e);
      if (proc.pid === undefined) resolve();
    });
  });
  const history = waitFor('history');
  const prepared = waitFor('blocked', 'prepared');
  const rendered = waitFor('rendered').then((m) => m.pages);
  // Awaited by the caller when needed; a run given up early must not become an unhandled rejection.
  for (const p of [history, prepared, rendered]) p.catch(() => undefined);
  return {
    history,
    prepared,
    rendered,
    exited,
    useRenderer(folder) {
      if (proc.connected) proc.send({ type: 'renderer', folder } satisfies BuilderMessage);
    },
  };
}
