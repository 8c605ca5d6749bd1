/** Builds the site fixtures with the real `perfgate build` (a child process, as a user runs it) and reads the output. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { find, html as htmlSchema } from 'property-information';
import { evaluateCycle } from '../../src/core/evaluate/index.ts';
import type { CycleEvaluation } from '../../src/core/evaluate/types.ts';
import { buildEvaluationInput } from '../../src/core/evaluate/input.ts';
import { loadConfig, loadCycle } from '../../src/core/load/cycle.ts';
import { validateCycle } from '../../src/core/validate/index.ts';
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

/** Runs a Node script of this repository as a child process, as a user or CI would. */
export async function runScript(
  script: string,
  args: string[],
  cwd = ROOT,
  env: Record<string, string> = {},
): Promise<RunResult> {
  try {
    const r = await run(process.execPath, [path.join(ROOT, script), ...args], {
      cwd,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Runs the real CLI as a child process. */
export function perfgate(args: string[], cwd = ROOT, env: Record<string, string> = {}): Promise<RunResult> {
  return runScript('bin/perfgate.mjs', args, cwd, env);
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
