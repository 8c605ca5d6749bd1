/** Builds the site fixtures with the real `perfgate build` (a child process, as a user runs it) and reads the output. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { find, html as htmlSchema } from 'property-information';
import { evaluateCycle } from '../../src/core/evaluate/index.ts';
import type { CycleEvaluation } from '../../src/core/evaluate/types.ts';
import { buildEvaluationInput } from '../../src/core/evaluate/input.ts';
import { loadCycle } from '../../src/core/load/cycle.ts';
import { loadConfig } from '../../src/core/load/config.ts';
import { validateCycle } from '../../src/core/validate/index.ts';
import { TAG_FILE } from '../../src/core/cache/folder.ts';
import { FIXTURES } from '../helpers/cli.ts';

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SITE_FIXTURES = path.join(FIXTURES, 'site');
export const AS_OF = '2026-11-21T00:00:00Z';
export const BASE = '/demo/';
export const SITE_URL = 'https://example.org';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Node's compile cache for the scripts this test run starts (the CLI above all: some hundred runs),
 * in the run's own folder, removed with it (test/helpers/run-setup.ts): it spares each run about
 * 0.2 s of parsing and type stripping, and V8 checks every entry against its source. Nothing of it
 * outlives the run, and perfgate itself never turns it on (renderer.test.ts runs without it). The
 * build's children never see it: their environment is perfgate's own list (publish/astro.ts).
 */
const compileCache = () => path.join(rendererSeeds(), '.node-compile-cache');

/**
 * Runs a Node script of this repository as a child process, as a user or CI would. An entry of `env`
 * that is empty removes that variable.
 */
export async function runScript(
  script: string,
  args: string[],
  cwd = ROOT,
  env: Record<string, string> = {},
): Promise<RunResult> {
  const all: NodeJS.ProcessEnv = {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    NODE_COMPILE_CACHE: compileCache(),
    ...env,
  };
  for (const [k, v] of Object.entries(env)) if (v === '') delete all[k];
  try {
    const r = await run(process.execPath, [path.join(ROOT, script), ...args], {
      cwd,
      env: all,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/**
 * Runs the real CLI as a child process.
 *
 * A `perfgate build` here starts with the renderer an earlier build of this test run stored for the
 * same base path, site URL and secret (see `rendererSeeds`), unless it is asked for `cold` (the
 * suite of the stored renderer itself), runs with `--no-cache`, or finds a cache folder already beside
 * its `--out`. A build publishes the same bytes with a stored renderer as without one
 * (renderer.test.ts), so this only spares the run about 25 bundlings of the same templates.
 */
export async function perfgate(
  args: string[],
  cwd = ROOT,
  env: Record<string, string> = {},
  opts: { cold?: boolean } = {},
): Promise<RunResult> {
  const seed = opts.cold ? undefined : await seedRenderer(args, cwd, env);
  const r = await runScript('bin/perfgate.mjs', args, cwd, env);
  // A build that published with a failing gate (exit 1) stored its renderer too; keepRenderer takes
  // only one that is there.
  if (seed) await keepRenderer(seed);
  return r;
}

/**
 * The renderers of this test run, one per base path, site URL and secret: a folder of the vitest
 * process (a global setup and the workers it forks agree on it), removed by `test/helpers/run-setup.ts`.
 */
export function rendererSeeds(): string {
  const run = process.env.VITEST_WORKER_ID ? process.ppid : process.pid;
  return path.join(os.tmpdir(), `perfgate-test-renderers-${run}`);
}

interface Seed {
  seed: string;
  cache: string;
}

async function seedRenderer(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<Seed | undefined> {
  if (args[0] !== 'build' || args.includes('--no-cache')) return undefined;
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const cache = `${path.resolve(cwd, value('--out') ?? 'dist')}.perfgate-cache`;
  if (existsSync(cache)) return undefined;
  const all = { ...process.env, ...env };
  const id = createHash('sha256')
    .update(
      JSON.stringify([
        // As the build reads it: `demo`, `/demo` and `/demo/` are one base path.
        `/${(value('--base') ?? '').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/'),
        value('--site') ?? null,
        all.PERFGATE_CACHE_KEY,
        all.XDG_STATE_HOME,
        all.HOME,
      ]),
    )
    .digest('hex');
  const seed = path.join(rendererSeeds(), id);
  if (existsSync(seed)) await cp(seed, cache, { recursive: true, verbatimSymlinks: true });
  return { seed, cache };
}

/** Keeps the renderer a successful build stored, as the seed of its kind, once (a rename: first wins). */
async function keepRenderer({ seed, cache }: Seed): Promise<void> {
  if (existsSync(seed) || !existsSync(path.join(cache, 'renderer'))) return;
  const scratch = `${seed}.tmp-${process.pid}`;
  await mkdir(scratch, { recursive: true, mode: 0o700 });
  await cp(path.join(cache, TAG_FILE), path.join(scratch, TAG_FILE));
  await cp(path.join(cache, 'renderer'), path.join(scratch, 'renderer'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  await rename(scratch, seed).catch(() => rm(scratch, { recursive: true, force: true }));
}

/** A site built for the test run, as the global setup hands it to the suites (global-setup.ts). */
export type BuiltSite = RunResult & { out: string };

declare module 'vitest' {
  interface ProvidedContext {
    /** The site fixture archive (test/fixtures/site) built under BASE. */
    fixtureSite: BuiltSite;
    /** The demo of this repository built under BASE at AS_OF. */
    demoSite: BuiltSite;
  }
}

/** Builds the site fixture archive (test/fixtures/site) into a fresh folder under the base path. */
export async function buildFixtureSite(): Promise<BuiltSite> {
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'perfgate-site-')), 'dist');
  const r = await perfgate([
    'build',
    '--artifacts',
    path.join(SITE_FIXTURES, 'protocol-18'),
    '--archive',
    path.join(SITE_FIXTURES, 'archive'),
    '--config',
    path.join(SITE_FIXTURES, 'gates.yaml'),
    '--out',
    out,
    '--base',
    BASE,
    '--site',
    SITE_URL,
    '--as-of',
    AS_OF,
  ]);
  return { ...r, out };
}

/** Every file under `dir`, as `/`-separated paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export async function readPage(out: string, page: string): Promise<{ html: string; tree: Root }> {
  const file = page.endsWith('.html') ? page : path.posix.join(page, 'index.html');
  const html = await readFile(path.join(out, file), 'utf8');
  return { html, tree: fromHtml(html) };
}

/** An attribute by its HTML name, as a string (hast keys properties by DOM name and keeps some as lists). */
export function attr(el: Element, name: string): string | undefined {
  const v = el.properties[find(htmlSchema, name).property];
  if (v === undefined || v === null || v === false) return undefined;
  return Array.isArray(v) ? v.join(' ') : String(v);
}

/** The fixtures' evaluations, computed with the core (what every number on the site must equal). */
export async function coreEvaluations(): Promise<Map<string, CycleEvaluation>> {
  const config = await loadConfig(path.join(SITE_FIXTURES, 'gates.yaml'));
  const out = new Map<string, CycleEvaluation>();
  const archived = ['site-2026-05', 'site-2026-08'];
  for (const id of archived) {
    const cycle = await loadCycle(path.join(SITE_FIXTURES, 'archive', id), { upstream: false });
    const validation = validateCycle(cycle, config);
    const end = `2026-${id.slice(-2)}-20T00:00:00Z`;
    out.set(id, evaluateCycle(buildEvaluationInput(cycle, validation, end)));
  }
  // A cycle archived with its validation-report.json shows the decision frozen in it.
  const frozen = JSON.parse(
    await readFile(path.join(SITE_FIXTURES, 'archive/site-2026-02/validation-report.json'), 'utf8'),
  ) as CycleEvaluation;
  out.set('site-2026-02', frozen);
  const current = await loadCycle(path.join(SITE_FIXTURES, 'protocol-18'));
  out.set(
    'site-2026-11',
    evaluateCycle(buildEvaluationInput(current, validateCycle(current, config), AS_OF)),
  );
  return out;
}
