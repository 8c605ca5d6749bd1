/**
 * `perfgate build` killed at every deterministic point of the publishing pipeline (the harness
 * build-at.ts runs the real CLI and SIGKILLs it there: PERFGATE_BUILD_AT=<point>:kill): the previous site and all
 * evidence stay byte-identical, and the next build puts everything right. At `swap` the previous
 * site has been moved aside and the new one not yet moved in: the next perfgate build, even one
 * killed right after reading the history, puts the previous site back first.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from './cases.ts';
import { FIXTURES } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const HARNESS = path.join(import.meta.dirname, 'build-at.ts');

interface Outcome {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

let root: string;
let out: string;
const args = () => [
  path.join(ROOT, 'bin/perfgate.mjs'),
  'build',
  '--artifacts',
  path.join(root, 'protocol-18'),
  '--config',
  path.join(FIXTURES, 'defaults.yaml'),
  '--archive',
  path.join(root, 'archive'),
  '--out',
  out,
  '--as-of',
  '2026-11-21T00:00:00Z',
];

async function build(hook?: string): Promise<Outcome> {
  const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', PERFGATE_BUILD_AT: hook ?? '' };
  const [bin, ...rest] = args();
  try {
    const r = await run(process.execPath, [hook ? HARNESS : bin!, ...rest], { env, maxBuffer: 16 << 20 });
    return { code: 0, signal: null, ...r };
  } catch (e) {
    const err = e as Outcome;
    return { code: err.code, signal: err.signal, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The evidence (everything but the site and the build's own folders beside it). */
const evidence = () => snapshot(root, (rel) => /^dist\b/.test(rel));
const leftovers = async () =>
  (await readdir(root)).filter((n) => n.startsWith('dist.perfgate-') && n !== 'dist.perfgate-cache');

describe('perfgate build killed at each point of the pipeline', () => {
  let site: Record<string, string>;
  let inputs: Record<string, string>;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-kill-build-'));
    await cp(path.join(FIXTURES, 'valid'), root, { recursive: true });
    out = path.join(root, 'dist');
    const first = await build();
    expect(first.code, first.stderr).toBe(0);
    site = await snapshot(out);
    inputs = await evidence();
  }, 120_000);

  it.each(['history', 'pages', 'evidence', 'search', 'merge'])(
    'killed after %s: the previous site and the evidence are byte-identical',
    async (point) => {
      const r = await build(`${point}:kill`);
      expect(r.signal).toBe('SIGKILL');
      expect(await snapshot(out)).toEqual(site);
      expect(await evidence()).toEqual(inputs);
    },
    120_000,
  );

  it('the next build removes what a killed one left and succeeds', async () => {
    // Its own killed build: the scratch folder it left (the test does not rely on earlier ones).
    expect((await build('pages:kill')).signal).toBe('SIGKILL');
    expect(await leftovers()).not.toEqual([]);
    const r = await build();
    expect(r.code, r.stderr).toBe(0);
    expect(await leftovers()).toEqual([]);
    expect(await snapshot(out)).toEqual(site); // same inputs, same evaluation time: the same site
    expect(await evidence()).toEqual(inputs);
  }, 120_000);

  it('killed between the two renames of the swap: the next build puts the previous site back first', async () => {
    const r = await build('swap:kill');
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false); // moved aside...
    const aside = (await leftovers()).find((n) => /^dist\.perfgate-old-\d+$/.test(n));
    expect(aside).toBeDefined();
    expect(await snapshot(path.join(root, aside!))).toEqual(site); // ...intact
    const next = await build('history:kill');
    expect(next.signal).toBe('SIGKILL');
    expect(await snapshot(out)).toEqual(site);
    expect(await evidence()).toEqual(inputs);
  }, 120_000);
});
