/**
 * The composite action's script across the life of a project, run as GitHub would run it: between
 * cycles (no `.artifacts/protocol-18`) it publishes the history of a user site at `/` and exits 0;
 * on a push to the default branch with `archive-cycle: pull-request` it archives a passing cycle,
 * pushes it to `perfgate/archive-<id>` of a real (bare, local) repository and opens a pull request.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeGitHub, type FakeGitHub } from './helpers/github-api.ts';
import { workflowCommands } from './helpers/workflow-commands.ts';
import { ROOT, runScript } from './site/build.ts';

const exec = promisify(execFile);
const git = async (cwd: string, ...args: string[]) => (await exec('git', args, { cwd })).stdout.trim();
const CYCLE = '2026-10-holiday-peak-readiness';
/** The demo's current cycle passes its gates at this time. */
const PASSING_AT = String(Date.parse('2026-11-24T00:00:00Z') / 1000);

let work: string;
let github: FakeGitHub;
let runs = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'perfgate-lifecycle-'));
  github = await fakeGitHub('acme/shop', 1);
});
afterAll(async () => {
  await github.close();
  await rm(work, { recursive: true, force: true });
});

async function action(cwd: string, env: Record<string, string>) {
  const summary = path.join(work, `summary-${++runs}.md`);
  const output = `${summary}.out`;
  const r = await runScript('scripts/github-action.mjs', [], cwd, {
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_API_URL: github.url,
    INPUT_GITHUB_TOKEN: 'ghs_test',
    INPUT_OUT: path.join(work, `site-${runs}`),
    ...env,
  });
  const read = (f: string) => readFile(f, 'utf8').catch(() => '');
  return {
    ...r,
    summary: await read(summary),
    outputs: await read(output),
    out: path.join(work, `site-${runs}`),
  };
}

describe('github action across the life of a project', () => {
  it('with no current cycle (none started, or pruned) publishes the history of a user site at / and exits 0', async () => {
    await cp(path.join(ROOT, 'content/cycles'), path.join(work, 'archive'), { recursive: true });
    await writeFile(path.join(work, 'push.json'), JSON.stringify({ repository: { default_branch: 'main' } }));
    const r = await action(work, {
      GITHUB_REPOSITORY: 'acme/acme.github.io', // a user site: no base input, served at /
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_PATH: path.join(work, 'push.json'),
      INPUT_ARTIFACTS: path.join(work, 'none/protocol-18'),
      INPUT_ARCHIVE: path.join(work, 'archive'),
      INPUT_SITE: 'https://acme.github.io/',
      INPUT_ARCHIVE_CYCLE: 'pull-request',
      SOURCE_DATE_EPOCH: PASSING_AT,
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.summary).toMatch(/^## perfgate: no current cycle — history published\n/);
    expect(r.summary).toContain('the site publishes the history: 6 archived cycles');
    expect(r.summary).toContain('Start the next cycle with `npx perfgate init`');
    const head = (
      await exec('sha256sum', [
        path.join(work, 'archive/2026-08-payments-tail-latency/evidence-manifest.json'),
      ])
    ).stdout.split(' ')[0];
    expect(r.summary).toContain(
      `Chain head (SHA-256 of the newest archived cycle's evidence-manifest.json): \`${head}\``,
    );
    expect(r.summary).toContain('[The site](<https://acme.github.io/>)');
    expect(r.summary).not.toContain('### Archive'); // nothing to archive is no news
    expect(r.stdout).toContain('perfgate: no current cycle in');
    // No error annotation: a normal state, not a failure.
    expect(workflowCommands(r.stdout).filter((c) => c.name === 'error' || c.name === 'warning')).toEqual([]);
    expect(r.outputs).toMatch(new RegExp(`^chain-head<<(perfgate_[0-9a-f]+)\\n${head}\\n\\1$`, 'm'));
    // Served at /, not under /acme.github.io/.
    const html = await readFile(path.join(r.out, 'index.html'), 'utf8');
    expect(html).toContain('href="/cycles/');
    expect(html).not.toContain('/acme.github.io/');
    expect(existsSync(path.join(r.out, 'cycles/2026-08-payments-tail-latency/index.html'))).toBe(true);
  }, 180_000);

  it('on a push to the default branch archives a passing cycle through a pull request', async () => {
    // The adopting repository (the demo: a current cycle that passes, six archived ones) and its remote.
    const repo = path.join(work, 'shop');
    await mkdir(repo);
    for (const dir of ['.artifacts', 'content/cycles', 'config'])
      await cp(path.join(ROOT, dir), path.join(repo, dir), { recursive: true });
    const remote = path.join(work, 'server/acme/shop.git');
    await mkdir(remote, { recursive: true });
    await git(remote, 'init', '--quiet', '--bare', '--initial-branch=main');
    await git(repo, 'init', '--quiet', '--initial-branch=main');
    await git(repo, 'add', '.');
    await git(
      repo,
      '-c',
      'user.name=dev',
      '-c',
      'user.email=dev@example.com',
      'commit',
      '--quiet',
      '-m',
      'cycle',
    );
    await git(repo, 'push', '--quiet', remote, 'HEAD:refs/heads/main');
    await writeFile(path.join(work, 'push.json'), JSON.stringify({ repository: { default_branch: 'main' } }));

    const r = await action(repo, {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: `file://${path.join(work, 'server')}`,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_PATH: path.join(work, 'push.json'),
      INPUT_ARCHIVE_CYCLE: 'pull-request',
      INPUT_BASE: '/shop', // as `${{ steps.pages.outputs.base_path }}` without the slash: added
      SOURCE_DATE_EPOCH: PASSING_AT,
      HOME: work, // git reads no user config of the machine
      // The demo's archive ends with a signed cycle, so the archived one is signed too (signing, once
      // begun, continues): with the demo's key, public on purpose (content/keys/README.md).
      INPUT_SIGN_KEY: path.join(ROOT, 'content/keys/demo-signing.pem'),
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toContain('PRIVATE KEY');
    const branch = `perfgate/archive-${CYCLE}`;
    expect(github.pulls).toEqual([
      expect.objectContaining({ head: branch, base: 'main', title: `perfgate: archive cycle ${CYCLE}` }),
    ]);
    expect(r.summary).toContain(
      `Archived ${CYCLE} into content/cycles/${CYCLE} on branch ${branch}: [the pull request](<https://github.example/acme/shop/pull/1>) was opened`,
    );
    // The branch holds the frozen cycle and the generated files of the current one, by the bot.
    expect(await git(remote, 'log', '-1', '--format=%an|%s', branch)).toBe(
      `github-actions[bot]|perfgate: archive cycle ${CYCLE}`,
    );
    const files = (await git(remote, 'show', '--name-only', '--format=', branch)).split('\n');
    expect(files).toContain(`content/cycles/${CYCLE}/evidence-manifest.json`);
    expect(files).toContain(`content/cycles/${CYCLE}/performance-evidence.intoto.json`);
    expect(files).toContain('.artifacts/protocol-18/PERFORMANCE-REPORT.md');
    expect(
      files.every((f) => f.startsWith(`content/cycles/${CYCLE}/`) || f.startsWith('.artifacts/protocol-18/')),
    ).toBe(true);
    expect(await git(remote, 'rev-parse', 'main')).toBe(await git(repo, 'rev-parse', 'HEAD~1')); // main untouched
    // The token's header was masked before use and stays out of the checkout.
    const masks = workflowCommands(r.stdout).filter((c) => c.name === 'add-mask');
    expect(masks.map((c) => c.data)).toEqual([Buffer.from('x-access-token:ghs_test').toString('base64')]);
    expect(await readFile(path.join(repo, '.git/config'), 'utf8')).not.toContain(masks[0]!.data);
    // The site was built after the archive, under the base configure-pages gave.
    expect(await readFile(path.join(r.out, `cycles/${CYCLE}/index.html`), 'utf8')).toContain('href="/shop/');
  }, 240_000);
});
