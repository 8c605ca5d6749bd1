/**
 * The packed tarball installs into an empty project where `npx perfgate` init, validate, gates,
 * report and build work against a copy of the demo data — as a team would use it.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const exec = promisify(execFile);
let work: string;
let proj: string;
const env = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
  ASTRO_TELEMETRY_DISABLED: '1',
  // The user's cache folder: an installed package (compiled JavaScript) writes nothing there.
  XDG_CACHE_HOME: path.join(os.tmpdir(), `perfgate-package-xdg-${process.pid}`),
  NODE_COMPILE_CACHE: '',
};

async function npx(args: string[]) {
  try {
    const r = await exec('npx', ['--no-install', 'perfgate', ...args], {
      cwd: proj,
      env,
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

async function digestTree(dir: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()) {
    h.update(path.relative(dir, f)).update(await readFile(f));
  }
  return h.digest('hex');
}

describe('npm package', () => {
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'perfgate-pack-'));
    await exec('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: ROOT, env });
    const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
    proj = path.join(work, 'project');
    await mkdir(proj);
    await writeFile(path.join(proj, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    await exec(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, tarball ?? 'missing.tgz')],
      { cwd: proj, env },
    );
    await cp(path.join(ROOT, '.artifacts'), path.join(proj, '.artifacts'), { recursive: true });
    await cp(path.join(ROOT, 'content/cycles'), path.join(proj, 'content/cycles'), { recursive: true });
    await cp(path.join(ROOT, 'config'), path.join(proj, 'config'), { recursive: true });
  }, 300_000);
  afterAll(async () => {
    if (proj) await exec('chmod', ['-R', 'u+w', path.join(proj, 'node_modules')]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships no test fixtures and compiled JavaScript for the CLI', async () => {
    const files = await readdir(path.join(proj, 'node_modules/perfgate'), { recursive: true });
    expect(files).toContain(path.join('lib', 'cli', 'main.js'));
    expect(files.some((f) => f.startsWith('test'))).toBe(false);
  });

  it('runs init, validate, gates and build on the demo data', async () => {
    expect((await npx(['init', 'scratch/protocol-18'])).code).toBe(0);
    const validate = await npx(['validate']);
    expect(validate.stdout).toContain('is valid');
    expect(validate.code).toBe(0);
    const gates = await npx(['gates', '--as-of', '2026-11-24T00:00:00Z', '--json']);
    expect(gates.code).toBe(0);
    expect(JSON.parse(gates.stdout).gates.map((g: { status: string }) => g.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
    ]);
    // A read-only install (a shared CI cache, a global install, an image): the build writes nothing
    // into the package. Root ignores the mode bits, so the package's listing and bytes are compared too.
    const pkg = path.join(proj, 'node_modules/perfgate');
    await exec('chmod', ['-R', 'a-w', pkg]);
    const listing = async () => (await readdir(pkg, { recursive: true })).sort();
    const [pkgFiles, pkgDigest] = [await listing(), await digestTree(pkg)];
    const report = await npx(['report', '--as-of', '2026-11-24T00:00:00Z']);
    expect(report.code).toBe(0);
    expect((await npx(['verify', '.artifacts/protocol-18/performance-evidence-bundle.zip'])).code).toBe(0);
    const build = await npx(['build', '--base', '/demo/', '--as-of', '2026-11-24T00:00:00Z']);
    expect(build.stderr).not.toMatch(/\n\s+at /);
    expect(build.code).toBe(0);
    const html = await readFile(path.join(proj, 'dist/index.html'), 'utf8');
    expect(html).toContain('2026-10-holiday-peak-readiness');
    expect(html).toContain('href="/demo/');
    expect(await listing()).toEqual(pkgFiles);
    expect(await digestTree(pkg)).toBe(pkgDigest);
    expect(existsSync(env.XDG_CACHE_HOME)).toBe(false);
    // ...nor anywhere in the project but dist/ and its record cache beside it (no .astro, no scratch).
    expect((await readdir(proj)).sort()).toEqual(
      [
        '.artifacts',
        'config',
        'content',
        'dist',
        'dist.perfgate-cache',
        'node_modules',
        'package-lock.json',
        'package.json',
        'scratch',
      ].sort(),
    );
  }, 240_000);

  it('refuses to publish a broken artifact, with a diagnostic, keeping the previous site', async () => {
    const before = await digestTree(path.join(proj, 'dist'));
    const file = path.join(proj, '.artifacts/protocol-18/load-test-results.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"runs": [', '"runs": [],\n  "runs": ['));
    const build = await npx(['build', '--base', '/demo/']);
    expect(build.code).toBe(1);
    expect(build.stdout).toContain('.artifacts/protocol-18/load-test-results.json:');
    expect(build.stdout).toContain('json.duplicate-key');
    expect(build.stdout + build.stderr).not.toMatch(/\n\s+at /);
    expect(await digestTree(path.join(proj, 'dist'))).toBe(before);
  }, 120_000);
});
