/** The Node requirement as a newcomer meets it: `perfgate` on Node 20 says what to do where it runs. */
import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

async function run(bin: string, args: string[], cwd: string) {
  try {
    await promisify(execFile)(bin, args, { cwd });
    return { code: 0, stderr: '' };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

describe.skipIf(!node20 && !inCi)(`perfgate on an old Node (${node20 ?? 'none found'})`, () => {
  it('in a project that installed perfgate: names the pin to add there, not perfgate’s own files', async () => {
    const project = await mkdtemp(path.join(os.tmpdir(), 'perfgate-adopter-'));
    try {
      await writeFile(path.join(project, 'package.json'), '{"name":"adopter","private":true}\n');
      await mkdir(path.join(project, 'node_modules/perfgate/bin'), { recursive: true });
      await cp(
        path.join(ROOT, 'bin/perfgate.mjs'),
        path.join(project, 'node_modules/perfgate/bin/perfgate.mjs'),
      );
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
  it('in this repository: points to the pinned Node one `npm ci` away', async () => {
    const r = await run(node20!, ['bin/perfgate.mjs', '--version'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('This repository pins Node 24 as a devDependency: run `npm ci`');
    expect(r.stderr).toContain('`npm run perfgate -- <command>`');
  });
});
