/**
 * Same inputs and evaluation time, same bytes: two runs of the real command (child processes),
 * with every mtime changed, another time zone and another umask between them.
 */
import { execFileSync } from 'node:child_process';
import { readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_FILES } from '../../src/core/artifacts.ts';
import { freshCycle, outputs, reportArgs, removeTemporaries } from './helpers.ts';

afterAll(removeTemporaries);

const BIN = path.resolve(import.meta.dirname, '../../bin/perfgate.mjs');

function runInChild(args: string[], env: { TZ: string; umask: string }): void {
  const quoted = args.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  execFileSync('sh', ['-c', `umask ${env.umask} && exec "${process.execPath}" "${BIN}" ${quoted}`], {
    env: { ...process.env, TZ: env.TZ, SOURCE_DATE_EPOCH: '' },
    stdio: 'pipe',
  });
}

async function touchAll(dir: string, when: Date): Promise<void> {
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    await utimes(path.join(e.parentPath, e.name), when, when);
}

describe('determinism', () => {
  it('gives byte-identical outputs across mtimes, time zones and umasks', async () => {
    const c = await freshCycle();
    runInChild(reportArgs(c), { TZ: 'UTC', umask: '022' });
    const first = await outputs(c.dir);
    for (const name of GENERATED_FILES) expect(first[name], name).toBeDefined();

    await touchAll(c.root, new Date('2031-07-04T03:21:09Z'));
    runInChild(reportArgs(c), { TZ: 'Pacific/Chatham', umask: '077' });
    const second = await outputs(c.dir);
    for (const name of GENERATED_FILES) expect(second[name]!.equals(first[name]!), name).toBe(true);

    // And a copy that never had outputs gives the same bytes as a directory that had them.
    const fresh = await freshCycle();
    runInChild(reportArgs(fresh), { TZ: 'America/St_Johns', umask: '027' });
    const third = await outputs(fresh.dir);
    for (const name of GENERATED_FILES) expect(third[name]!.equals(first[name]!), name).toBe(true);
  });
});
