/** The Node requirement as a newcomer meets it: `perfgate` on Node 20 says what to do where it runs. */
import { execFile, execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from './site/build.ts';
import { inCi } from './helpers/skip.ts';

/** A Node older than 22 on this machine (the system one is 20), or undefined. */
function oldNode(): string | undefined {
  const candidates = ['/usr/local/bin/node', '/usr/bin/node', '/bin/node'];
  for (const bin of candidates) {
    try {
      const v = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
      if (Number(v.slice(1).split('.')[0]) < 22) return bin;
    } catch {
      // not installed here
    }
  }
  return undefined;
}

const node20 = oldNode();

async function run(bin: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const r = await promisify(execFile)(bin, args, { cwd, env: { ...process.env, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A stand-in for the pinned Node (`node_modules/.bin/node`): says how it was called, exits 7. */
async function fakePinnedNode(project: string): Promise<void> {
  await mkdir(path.join(project, 'node_modules/.bin'), { recursive: true });
  const file = path.join(project, 'node_modules/.bin/node');
  await writeFile(file, '#!/bin/sh\necho "pinned node: $*"\nexit 7\n');
  await chmod(file, 0o755);
}

/** An adopting project with perfgate's entry point installed (the rest of the package is not needed here). */
async function adopter(): Promise<string> {
  const project = await mkdtemp(path.join(os.tmpdir(), 'perfgate-adopter-'));
  await writeFile(path.join(project, 'package.json'), '{"name":"adopter","private":true}\n');
  await mkdir(path.join(project, 'node_modules/perfgate/bin'), { recursive: true });
  await cp(path.join(ROOT, 'bin/perfgate.mjs'), path.join(project, 'node_modules/perfgate/bin/perfgate.mjs'));
  return project;
}

describe.skipIf(!node20 && !inCi)(`perfgate on an old Node (${node20 ?? 'none found'})`, () => {
  it('in a project that installed perfgate: names the pin to add there, not perfgate’s own files', async () => {
    const project = await adopter();
    try {
      const r = await run(node20!, ['node_modules/perfgate/bin/perfgate.mjs', 'init'], project);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^perfgate needs Node\.js >= 22\.12 \(found 20\./);
      expect(r.stderr).toContain('In this project');
      expect(r.stderr).toContain('`npm i -D -E node@24`');
      expect(r.stderr).toContain('`npx perfgate <command>`');
      expect(r.stderr).not.toContain('.nvmrc');
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
  it('run directly in a project that pins Node: runs again on the pinned Node, once, with its exit code', async () => {
    const project = await adopter();
    try {
      await fakePinnedNode(project);
      const bin = path.join(project, 'node_modules/perfgate/bin/perfgate.mjs');
      const r = await run(node20!, [bin, 'init', 'my cycle'], project);
      expect(r.stdout).toBe(`pinned node: ${bin} init my cycle\n`);
      expect(r.code).toBe(7);
      // Never twice: a pinned Node that is itself too old ends in the message.
      const again = await run(node20!, [bin, 'init'], project, { PERFGATE_REEXEC: '1' });
      expect(again.code).toBe(2);
      expect(again.stdout).toBe('');
      expect(again.stderr).toMatch(/^perfgate needs Node\.js >= 22\.12/);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
  it('in a clone before `npm ci`: points to the pinned Node one `npm ci` away', async () => {
    const clone = await mkdtemp(path.join(os.tmpdir(), 'perfgate-clone-'));
    try {
      await mkdir(path.join(clone, 'bin'));
      await mkdir(path.join(clone, 'src/cli'), { recursive: true });
      await cp(path.join(ROOT, 'bin/perfgate.mjs'), path.join(clone, 'bin/perfgate.mjs'));
      await writeFile(path.join(clone, 'src/cli/main.ts'), '');
      const r = await run(node20!, ['bin/perfgate.mjs', '--version'], clone);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('This repository pins Node 24 as a devDependency: run `npm ci`');
      expect(r.stderr).toContain('`npm run perfgate -- <command>`');
      // After `npm ci`, the pinned Node runs it.
      await fakePinnedNode(clone);
      const pinned = await run(node20!, ['bin/perfgate.mjs', '--version'], clone);
      expect(pinned.stdout).toBe(`pinned node: ${path.join(clone, 'bin/perfgate.mjs')} --version\n`);
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
  });
});

describe('perfgate installed without being packed', () => {
  it('says the compiled CLI is missing and how to install, without a stack trace', async () => {
    const project = await adopter(); // bin/ only: no lib/, as a plain copy of the repository would be
    try {
      const r = await run(process.execPath, ['node_modules/perfgate/bin/perfgate.mjs', '--version'], project);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^perfgate's compiled CLI is missing \(.*lib\/cli\/main\.js\)/);
      expect(r.stderr).toContain('the README\'s "Install" says how');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});
