/** Archives made by the real commands for the chain tests: a series of cycles with chosen periods. */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, runCli } from '../helpers/cli.ts';

export const sha256File = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

export interface Spec {
  id: string;
  /** The intake's period.end, as written (any offset). */
  end: string;
  /** Extra arguments of `perfgate archive` (e.g. --sign-key). */
  extra?: string[];
}

export interface Series {
  root: string;
  /** The current cycle folder the series was archived from. */
  current: string;
  archive: string;
  config: string;
}

const made: string[] = [];

/** Removes every folder the series of this test file made (call it from afterAll). */
export async function removeSeries(): Promise<void> {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** A temporary folder that removeSeries removes. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `perfgate-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Sets the cycle id and period of the intake in `dir`. */
export async function setPeriod(dir: string, id: string, end: string): Promise<void> {
  const f = path.join(dir, 'performance-intake-report.json');
  const intake = JSON.parse(await readFile(f, 'utf8'));
  intake.cycle_id = id;
  intake.period = { start: '2020-01-01T00:00:00Z', end };
  await writeFile(f, JSON.stringify(intake, null, 2) + '\n');
}

/** Archives each spec in turn with `perfgate archive` (a copy of the passing fixture, its intake changed). */
export async function archiveSeries(specs: readonly Spec[], asOf = '2026-11-21T00:00:00Z'): Promise<Series> {
  const root = await tempDir('chain');
  await cp(path.join(FIXTURES, 'gates/pass'), root, { recursive: true });
  const s: Series = {
    root,
    current: path.join(root, 'protocol-18'),
    archive: path.join(root, 'cycles'),
    config: path.join(FIXTURES, 'defaults.yaml'),
  };
  for (const spec of specs) {
    await setPeriod(s.current, spec.id, spec.end);
    const r = await runCli([
      'archive',
      '--artifacts',
      s.current,
      '--archive',
      s.archive,
      '--config',
      s.config,
      '--as-of',
      asOf,
      '--allow-failed',
      ...(spec.extra ?? []),
    ]);
    if (r.code !== 0) throw new Error(`archive ${spec.id} failed (${r.code}): ${r.stderr}${r.stdout}`);
  }
  return s;
}
