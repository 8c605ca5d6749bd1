/**
 * The README's second install route, `npm i -D github:<owner>/perfgate#<commit>` (issue 25): npm
 * clones the repository, installs its dependencies, runs `prepare` from the adopting project's
 * directory and packs the clone, so `prepare` must compile lib/ then, and only then (this
 * repository's own `npm ci` runs it too). The whole route through npm takes about two minutes, so
 * it runs under `npm run test:full`; the default run checks `prepare` in a scratch copy.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullSweep } from './helpers/skip.ts';
import { ROOT } from './site/build.ts';

const exec = promisify(execFile);
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'perfgate-prepare-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('prepare: lib/ for an install from the repository', () => {
  it("compiles when npm prepares it for another project, not on this repository's own npm ci nor without TypeScript", async () => {
    const clone = path.join(scratch, 'clone');
    await mkdir(clone);
    for (const f of ['src', 'scripts/prepare.mjs', 'package.json', 'tsconfig.json', 'tsconfig.build.json'])
      await cp(path.join(ROOT, f), path.join(clone, f), { recursive: true });
    const prepare = (initCwd: string) =>
      exec(process.execPath, ['scripts/prepare.mjs'], {
        cwd: clone,
        env: { ...process.env, INIT_CWD: initCwd },
      });
    // The action's `npm ci --omit=dev --prefix <action>`, run from the workspace: no TypeScript, no compile.
    await mkdir(path.join(clone, 'node_modules'));
    await prepare(path.join(scratch, 'workspace'));
    expect(existsSync(path.join(clone, 'lib'))).toBe(false);
    await rm(path.join(clone, 'node_modules'), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
    await prepare(clone); // `npm ci` in the repository itself
    expect(existsSync(path.join(clone, 'lib'))).toBe(false);
    await prepare(path.join(scratch, 'adopter')); // npm preparing a git dependency of another project
    expect(existsSync(path.join(clone, 'lib/cli/main.js'))).toBe(true);
    expect(existsSync(path.join(clone, 'lib/core/validate/index.js'))).toBe(true);
  }, 120_000);
});

describe.runIf(fullSweep)('npm i from the repository (test:full)', () => {
  it('installs with the pin on the system Node and runs', async () => {
    const project = path.join(scratch, 'adopter-full');
    await mkdir(project);
    await writeFile(path.join(project, 'package.json'), '{"name":"adopter","private":true}\n');
    const head = (await exec('git', ['rev-parse', 'HEAD'], { cwd: ROOT })).stdout.trim();
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
      PATH: (process.env.PATH ?? '')
        .split(path.delimiter)
        .filter((p) => !p.includes('node_modules'))
        .join(path.delimiter),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    await exec('npm', ['i', '-D', '-E', 'node@24', `git+file://${ROOT}#${head}`], { cwd: project, env });
    expect(existsSync(path.join(project, 'node_modules/perfgate/lib/cli/main.js'))).toBe(true);
    const v = await exec('npx', ['perfgate', '--version'], { cwd: project, env });
    expect(v.stdout.trim()).toBe('0.1.0');
  }, 600_000);
});
