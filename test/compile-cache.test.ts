/**
 * Node's compile cache (bin/perfgate.mjs): a run keeps what Node compiled, the TypeScript it stripped
 * included, in a folder of the user's, so that the next run and the build's children skip that work.
 */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from './site/build.ts';

/** Files of the compile cache under `home` (XDG_CACHE_HOME), Node's per-version folders included. */
async function cached(home: string): Promise<string[]> {
  try {
    const dir = path.join(home, 'perfgate', 'node-compile-cache');
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** `perfgate --version` with the cache folder under `home` (Node's own variable unset). */
const version = (home: string, env: Record<string, string> = {}) =>
  runScript('bin/perfgate.mjs', ['--version'], undefined, {
    XDG_CACHE_HOME: home,
    NODE_COMPILE_CACHE: '',
    ...env,
  });

describe('the compile cache', () => {
  it('is kept in the user’s cache folder and used by the next run', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'perfgate-xdg-'));
    const first = await version(home);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const files = await cached(home);
    // One entry per module the command loaded, in a folder named for this Node version.
    expect(files.length).toBeGreaterThan(5);
    expect(files.every((f) => f.includes(`${path.sep}v${process.versions.node}-`))).toBe(true);
    const second = await version(home);
    expect(second.stdout).toBe(first.stdout);
    // The second run found every module cached: it added none.
    expect((await cached(home)).sort()).toEqual(files.sort());
  });

  it('that cannot be written leaves the command working and silent', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'perfgate-xdg-'));
    await writeFile(path.join(home, 'file'), 'a file, not a folder\n');
    const r = await version(path.join(home, 'file', 'cache'));
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.stderr).toBe('');
  });

  it('is not written when Node’s NODE_DISABLE_COMPILE_CACHE is set', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'perfgate-xdg-'));
    const r = await version(home, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(r.code).toBe(0);
    expect(await cached(home)).toEqual([]);
  });
});
