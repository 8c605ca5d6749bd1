/**
 * The config source is recorded relative to the working directory (ARTIFACTS.md section 4,
 * "Re-deciding": never an absolute path, the same inputs give the same bytes in any checkout). The
 * real entry point runs in two checkouts at different depths, each from its own folder.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/cli.ts';
import { ROOT } from '../site/build.ts';

const BIN = path.join(ROOT, 'bin/perfgate.mjs');
const AS_OF = '2026-11-20T12:00:00Z';
const OUTPUTS = [
  'validation-report.json',
  'PERFORMANCE-REPORT.md',
  'evidence-manifest.json',
  'gate-config.json',
];
const made: string[] = [];
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

/** A checkout `<tmp>/<depth...>/repo` holding the valid cycle; the config goes to `configAt` (relative to repo). */
async function checkout(depth: string[], configAt: string | null): Promise<string> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'perfgate-checkout-'));
  made.push(base);
  const repo = path.join(base, ...depth, 'repo');
  await mkdir(path.join(repo, '.artifacts'), { recursive: true });
  await cp(path.join(FIXTURES, 'valid'), path.join(repo, '.artifacts'), { recursive: true });
  if (configAt) {
    await mkdir(path.dirname(path.join(repo, configAt)), { recursive: true });
    await cp(path.join(FIXTURES, 'defaults.yaml'), path.join(repo, configAt));
  }
  return repo;
}

async function perfgate(
  cwd: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** `perfgate report` in `repo` (its working directory), every path named absolutely. */
async function report(repo: string, config: string | null): Promise<Record<string, Buffer>> {
  const args = ['report', '--as-of', AS_OF, '--artifacts', path.join(repo, '.artifacts/protocol-18')];
  if (config) args.push('--config', path.join(repo, config));
  const r = await perfgate(repo, [...args, '--archive', path.join(repo, 'content/cycles')]);
  expect(r.code, r.stderr).toBe(0);
  const out: Record<string, Buffer> = {};
  for (const f of OUTPUTS) out[f] = await readFile(path.join(repo, '.artifacts/protocol-18', f));
  return out;
}

const source = (o: Record<string, Buffer>) =>
  (JSON.parse(o['validation-report.json']!.toString()) as { config_source: string }).config_source;

describe('config_source is relative to the working directory', () => {
  it.each([
    ['a config inside the checkout', 'config/protocol_gates/18.yaml', 'config/protocol_gates/18.yaml'],
    ['a config beside the checkout', '../shared/18.yaml', '../shared/18.yaml'],
    ['no config (the defaults)', null, 'defaults'],
  ])('%s: byte-identical outputs in two checkouts', async (_name, config, expected) => {
    const a = await report(await checkout(['a'], config), config);
    const b = await report(await checkout(['b', 'c', 'deeper'], config), config);
    expect(source(a)).toBe(expected);
    for (const f of OUTPUTS) expect(a[f]!.equals(b[f]!), f).toBe(true);
    for (const f of OUTPUTS) expect(a[f]!.toString()).not.toContain(os.tmpdir());
  });

  it('names a broken config by the same relative path in the JSON, and as given on the terminal', async () => {
    const repo = await checkout(['a'], null);
    const config = path.join(repo, '../shared/18.yaml');
    await mkdir(path.dirname(config), { recursive: true });
    await writeFile(config, 'baseline:\n  freshness_hour: 3\n');
    const args = ['validate', '--artifacts', '.artifacts/protocol-18', '--config', config];
    const json = await perfgate(repo, [...args, '--json']);
    const diags = (
      JSON.parse(json.stdout) as { diagnostics: { file: string; line?: number; severity: string }[] }
    ).diagnostics.filter((d) => d.severity !== 'info'); // notes: typed numbers that agree with their runs
    expect(diags.map((d) => [d.file, d.line])).toEqual([['../shared/18.yaml', 2]]);
    const human = await perfgate(repo, args);
    expect(human.stdout).toContain(`${config}:2  /baseline/freshness_hour`);
    expect(human.stdout).toContain('Config: ../shared/18.yaml');
  });
});
