/**
 * perfgate adopted as the README says (issue 25): the packed tarball installed with the Node pin
 * into an empty project on the machine's Node 20, then the README's first cycle run command by
 * command (init, two real autocannon runs against a local service, a `node --cpu-prof` profile,
 * validate, gates) with the generated config untouched; and the same install running init,
 * validate, gates, report and build on a copy of the demo data. One tarball, one install.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adoptionBlock,
  checkoutServer,
  fillBaselineAndPlan,
  fillIntake,
  fillValidationAndGovernance,
  HOT_PATH_SCRIPT,
} from './helpers/adopt-cycle.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const exec = promisify(execFile);
let work: string;
let proj: string;
let demo: string;
let install: { stdout: string; stderr: string };

/** The machine's own Node older than 22 (Node 20 here), or undefined: the adopter's Node. */
function systemNode(): string | undefined {
  for (const bin of ['/usr/local/bin/node', '/usr/bin/node', '/bin/node']) {
    try {
      const v = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
      if (Number(v.slice(1).split('.')[0]) < 22) return bin;
    } catch {
      // not installed here
    }
  }
  return undefined;
}
const node20 = systemNode();

/** An adopter's shell: the system Node first, nothing of this repository's node_modules, no npm_* of `npm test`. */
const env: Record<string, string> = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  PATH: [
    path.dirname(node20 ?? process.execPath),
    ...(process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.includes('node_modules')),
  ].join(path.delimiter),
  ASTRO_TELEMETRY_DISABLED: '1',
  // The user's cache folder: an installed package (compiled JavaScript) writes nothing there.
  XDG_CACHE_HOME: path.join(os.tmpdir(), `perfgate-package-xdg-${process.pid}`),
  NODE_COMPILE_CACHE: '',
  // Quieter and faster, without changing the README's commands.
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_prefer_offline: 'true',
  npm_config_update_notifier: 'false',
};

/** A command line as a person types it (redirects, globs), in `cwd`. */
async function sh(line: string, cwd: string) {
  try {
    const r = await exec('/bin/sh', ['-c', line], { cwd, env, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

async function npx(args: string[], cwd = demo) {
  try {
    const r = await exec('npx', ['--no-install', 'perfgate', ...args], {
      cwd,
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

const README = await readFile(path.join(ROOT, 'README.md'), 'utf8');
const BLOCK = adoptionBlock(README);
const [INSTALL, ...STEPS] = BLOCK;

describe(`npm package adopted as the README says (Node ${node20 ? '20 and the pin' : 'of this machine'})`, () => {
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'perfgate-pack-'));
    // "In a clone of perfgate, `npm ci && npm pack`" (npm ci is what ran this suite).
    expect(README).toContain('`npm ci &&\n   npm pack` writes `perfgate-0.1.0.tgz`');
    await exec('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: ROOT, env });
    proj = path.join(work, 'project');
    await mkdir(proj);
    await writeFile(path.join(proj, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    await cp(path.join(work, 'perfgate-0.1.0.tgz'), path.join(proj, 'perfgate-0.1.0.tgz'));
    // The README's install line, as typed.
    expect(INSTALL).toBe('npm i -D -E node@24 ./perfgate-0.1.0.tgz');
    const r = await sh(INSTALL!, proj);
    expect(r.code, r.stderr).toBe(0);
    install = r;
    // The demo data, in a folder of the same project (one install).
    demo = path.join(proj, 'demo');
    await mkdir(demo);
    await cp(path.join(ROOT, '.artifacts'), path.join(demo, '.artifacts'), { recursive: true });
    await cp(path.join(ROOT, 'content/cycles'), path.join(demo, 'content/cycles'), { recursive: true });
    await cp(path.join(ROOT, 'config'), path.join(demo, 'config'), { recursive: true });
  }, 300_000);
  afterAll(async () => {
    if (proj && existsSync(path.join(proj, 'node_modules')))
      await exec('chmod', ['-R', 'u+w', path.join(proj, 'node_modules')]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships no test fixtures and compiled JavaScript for the CLI', async () => {
    const files = await readdir(path.join(proj, 'node_modules/perfgate'), { recursive: true });
    expect(files).toContain(path.join('lib', 'cli', 'main.js'));
    expect(files.some((f) => f.startsWith('test'))).toBe(false);
  });

  it('the pin as the README tells it: the install-scripts warning, Node 24 for npx, and a direct run on Node 20', async () => {
    if (node20) expect((await sh('node --version', proj)).stdout).toMatch(/^v20\./);
    // npm 11 warns about node@24's install script, and runs it all the same (the README says so).
    if (/install-scripts/.test(install.stderr)) {
      expect(install.stderr).toMatch(/node@24\.\d+\.\d+ \(preinstall: node installArchSpecificPackage\)/);
      expect(README).toContain('npm install-scripts approve node');
    }
    expect((await sh('node_modules/.bin/node --version', proj)).stdout).toMatch(/^v24\./);
    expect((await sh('npx perfgate --version', proj)).stdout.trim()).toBe('0.1.0');
    // Run directly, the bin starts on the system Node and runs again on the pinned one.
    const direct = await sh('node_modules/.bin/perfgate --version', proj);
    expect(direct.code, direct.stderr).toBe(0);
    expect(direct.stdout.trim()).toBe('0.1.0');
  });

  it("runs the README's first cycle command by command: gates pass with the config init wrote", async () => {
    const server = await checkoutServer();
    const cycle = path.join(proj, '.artifacts/protocol-18');
    const config = path.join(proj, 'config/protocol_gates/18.yaml');
    let written = '';
    // What the team does at each comment of the block (a comment the test does not know fails it).
    const fills: [RegExp, () => Promise<void>][] = [
      [/^# Fill in performance-intake-report\.json/, () => fillIntake(cycle)],
      [
        /^# Fill in the baseline, hypotheses, capacity analysis and plan; optimize and deploy/,
        async () => {
          await fillBaselineAndPlan(cycle);
          server.optimize();
        },
      ],
      [
        /^# Reference both runs in optimization-validation-report\.json/,
        () => fillValidationAndGovernance(cycle),
      ],
    ];
    await writeFile(path.join(proj, 'checkout-hot-path.js'), HOT_PATH_SCRIPT);
    try {
      for (const line of STEPS) {
        if (line.startsWith('#')) {
          const fill = fills.find(([re]) => re.test(line));
          expect(fill, `a README step the test does not perform: ${line}`).toBeDefined();
          await fill![1]();
          continue;
        }
        // The two things that differ from the README: where the service listens, and how long each
        // load test runs (1 s instead of 5: the same tool, output and import, at a fifth of the CPU).
        expect(line.includes('autocannon --json') ? line : '-d 5').toContain('-d 5');
        const r = await sh(
          line.replaceAll('http://127.0.0.1:3000', server.url).replace(/(autocannon .*)-d 5 /, '$1-d 1 '),
          proj,
        );
        expect(r.code, `${line}\n${r.stdout}\n${r.stderr}`).toBe(0);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        if (line === 'npx perfgate init') {
          expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('Then run: npx perfgate validate');
          written = await readFile(config, 'utf8');
        }
        if (/import load-test baseline\.json/.test(line))
          expect(r.stdout).toContain('replaced the placeholder run that `perfgate init` wrote');
        if (line === 'npx perfgate gates') expect(r.stdout).not.toMatch(/GATE FAILED/);
      }
    } finally {
      await server.close();
    }
    expect(STEPS.at(-1)).toBe('npx perfgate gates');
    // The config is byte for byte what init wrote: nothing was edited to pass.
    expect(await readFile(config, 'utf8')).toBe(written);
    const gates = await npx(['gates', '--json'], proj);
    expect(gates.code).toBe(0);
    const report = JSON.parse(gates.stdout);
    expect(report.config_source).toBe('config/protocol_gates/18.yaml');
    expect(report.gates.map((g: { status: string }) => g.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    const results = JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8'));
    expect(results.tool).toBe('autocannon');
    expect(results.runs.map((r: { id: string; phase: string }) => [r.id, r.phase])).toEqual([
      ['checkout-api-baseline-load', 'baseline'],
      ['checkout-api-after-load', 'after'],
    ]);
    expect(await readdir(path.join(cycle, 'diagnostics'))).toEqual([
      'checkout-api-baseline-flame.svg',
      'checkout-api-baseline.cpuprofile',
    ]);
  }, 240_000);

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
    const html = await readFile(path.join(demo, 'dist/index.html'), 'utf8');
    expect(html).toContain('2026-10-holiday-peak-readiness');
    expect(html).toContain('href="/demo/');
    expect(await listing()).toEqual(pkgFiles);
    expect(await digestTree(pkg)).toBe(pkgDigest);
    expect(existsSync(env.XDG_CACHE_HOME!)).toBe(false);
    // ...nor anywhere in the project but dist/ and its record cache beside it (no .astro, no scratch).
    expect((await readdir(demo)).sort()).toEqual(
      ['.artifacts', 'config', 'content', 'dist', 'dist.perfgate-cache', 'scratch'].sort(),
    );
  }, 240_000);

  it('refuses to publish a broken artifact, with a diagnostic, keeping the previous site', async () => {
    const before = await digestTree(path.join(demo, 'dist'));
    const file = path.join(demo, '.artifacts/protocol-18/load-test-results.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"runs": [', '"runs": [],\n  "runs": ['));
    const build = await npx(['build', '--base', '/demo/']);
    expect(build.code).toBe(1);
    expect(build.stdout).toContain('.artifacts/protocol-18/load-test-results.json:');
    expect(build.stdout).toContain('json.duplicate-key');
    expect(build.stdout + build.stderr).not.toMatch(/\n\s+at /);
    expect(await digestTree(path.join(demo, 'dist'))).toBe(before);
  }, 120_000);
});
