/**
 * The action's pieces for the life of a project, without a build: when the opt-in archiving step
 * runs (never on a pull request, never for a cycle in progress or failing), how it commits through
 * git against a real bare repository, where a Pages site is served, and what "no current cycle" is.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitArchive } from '../src/core/github/archive-commit.ts';
import { archiveDecision, archiveSummary, type ArchiveInputs } from '../src/core/github/archive-step.ts';
import { fakeGitHub } from './helpers/github-api.ts';
import { isNoCycle, noCycleMarkdown } from '../src/core/github/no-cycle.ts';
import { defaultPagesBase, normalisePagesBase } from '../src/core/github/pages.ts';
import type { GatesReport } from '../src/core/github/types.ts';

const exec = promisify(execFile);

const gates = (statuses: string[], exitCode: number): GatesReport =>
  ({
    cycle_id: '2026-12-checkout',
    evaluated_at: '2026-12-07T10:00:00Z',
    exit_code: exitCode,
    gates: statuses.map((status, i) => ({ gate: i + 1, name: `g${i + 1}`, status, criteria: [] })),
    diagnostics: [],
  }) as unknown as GatesReport;

const PUSH: ArchiveInputs = {
  mode: 'pull-request',
  eventName: 'push',
  ref: 'refs/heads/main',
  defaultBranch: 'main',
  report: gates(['pass', 'pass', 'pass', 'waived'], 0),
  archived: false,
  token: 't',
};

describe('archive-cycle: when the action archives', () => {
  it('archives a decided, passing cycle on a push to the default branch', () => {
    expect(archiveDecision(PUSH)).toEqual({
      archive: true,
      mode: 'pull-request',
      cycleId: '2026-12-checkout',
      branch: 'main',
    });
    expect(archiveDecision({ ...PUSH, mode: 'commit' })).toMatchObject({ archive: true, mode: 'commit' });
  });
  it('never on a pull request (a fork’s or not), another branch, or when off; says why', () => {
    const reason = (i: Partial<ArchiveInputs>) => {
      const d = archiveDecision({ ...PUSH, ...i });
      return d.archive ? 'archived' : `${d.reason}${d.quiet ? ' (quiet)' : ''}`;
    };
    expect(reason({ mode: 'false' })).toBe('archive-cycle is off (quiet)');
    expect(reason({ mode: '' })).toBe('archive-cycle is off (quiet)');
    for (const eventName of ['pull_request', 'pull_request_target', 'workflow_run', undefined])
      expect(reason({ eventName })).toMatch(
        /event; the cycle is archived only on a push to the default branch, never from a pull request \(quiet\)$/,
      );
    expect(reason({ ref: 'refs/heads/feature' })).toBe('refs/heads/feature is not the default branch (main)');
    expect(reason({ defaultBranch: null })).toBe('refs/heads/main is not the default branch (unknown)');
    expect(reason({ ref: 'refs/tags/main' })).toBe('refs/tags/main is not the default branch (main)');
  });
  it('never a cycle in progress, failing, already archived or absent', () => {
    const reason = (i: Partial<ArchiveInputs>) => {
      const d = archiveDecision({ ...PUSH, ...i });
      return d.archive ? 'archived' : d.reason;
    };
    expect(reason({ report: gates(['pass', 'pass', 'pending', 'pending'], 0) })).toBe(
      '2026-12-checkout is in progress (gate 3, 4 pending)',
    );
    expect(reason({ report: gates(['pass', 'pass', 'fail', 'pass'], 1) })).toBe(
      '2026-12-checkout does not pass its gates; a failed cycle is archived only by hand (`npx perfgate archive --allow-failed`)',
    );
    expect(reason({ archived: true })).toBe('2026-12-checkout is already archived');
    expect(reason({ report: undefined })).toBe('there is no current cycle to archive');
  });
  it('the summary says why not on a push, and nothing on a pull request or when off', () => {
    const lines = (i: Partial<ArchiveInputs>) =>
      archiveSummary(archiveDecision({ ...PUSH, ...i }), null, 'content/cycles');
    expect(lines({ report: gates(['pass', 'fail', 'pass', 'pass'], 1) })).toEqual([
      '',
      '### Archive',
      '',
      'Not archived: 2026-12-checkout does not pass its gates; a failed cycle is archived only by hand (\\`npx perfgate archive --allow-failed\\`).',
    ]);
    expect(lines({ eventName: 'pull_request' })).toEqual([]);
    expect(lines({ mode: 'false' })).toEqual([]);
  });
  it('a wrong mode or an empty token is a misconfiguration, warned about', () => {
    expect(archiveDecision({ ...PUSH, mode: 'true' })).toEqual({
      archive: false,
      reason: 'Unexpected archive-cycle "true", expected false, pull-request or commit',
      misconfigured: true,
      quiet: false,
    });
    expect(archiveDecision({ ...PUSH, token: '' })).toMatchObject({ archive: false, misconfigured: true });
  });
});

describe('archive-cycle: the commit', () => {
  let root: string;
  let remote: string;
  let checkout: string;
  const git = async (cwd: string, ...args: string[]) => (await exec('git', args, { cwd })).stdout.trim();
  const masked: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-archive-commit-'));
    remote = path.join(root, 'server', 'acme', 'shop.git');
    await mkdir(remote, { recursive: true });
    await git(remote, 'init', '--quiet', '--bare', '--initial-branch=main');
    checkout = path.join(root, 'checkout');
    await mkdir(checkout);
    await git(checkout, 'init', '--quiet', '--initial-branch=main');
    await writeFile(path.join(checkout, 'README.md'), 'shop\n');
    await git(checkout, 'add', '.');
    await git(
      checkout,
      '-c',
      'user.name=dev',
      '-c',
      'user.email=dev@example.com',
      'commit',
      '--quiet',
      '-m',
      'start',
    );
    await git(checkout, 'push', '--quiet', remote, 'HEAD:refs/heads/main');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** What `perfgate archive` leaves: the frozen cycle, and a generated file in the current cycle. */
  async function archiveOutput(id: string) {
    await mkdir(path.join(checkout, 'content/cycles', id), { recursive: true });
    await writeFile(
      path.join(checkout, 'content/cycles', id, 'evidence-manifest.json'),
      `{"cycle":"${id}"}\n`,
    );
    await mkdir(path.join(checkout, '.artifacts/protocol-18'), { recursive: true });
    await writeFile(path.join(checkout, '.artifacts/protocol-18/PERFORMANCE-REPORT.md'), `# ${id}\n`);
    await writeFile(path.join(checkout, 'unrelated.txt'), 'not perfgate’s\n');
  }
  const target = (id: string, mode: 'commit' | 'pull-request') => ({
    cwd: checkout,
    mode,
    cycleId: id,
    defaultBranch: 'main',
    paths: [`content/cycles/${id}`, '.artifacts/protocol-18'],
    serverUrl: `file://${path.join(root, 'server')}`,
    apiUrl: 'http://127.0.0.1:9',
    repository: 'acme/shop',
    token: 'ghs_secret',
    env: { PATH: process.env.PATH, HOME: root },
    secret: (v: string) => void masked.push(v),
  });

  it('commit: a bot commit of the archive and the cycle only, pushed to the default branch; the token stays out of git', async () => {
    await archiveOutput('2026-12-checkout');
    const outcome = await commitArchive(target('2026-12-checkout', 'commit'));
    expect(outcome).toMatchObject({ kind: 'commit', branch: 'main' });
    const head = await git(remote, 'log', '-1', '--format=%an <%ae>|%s', 'main');
    expect(head).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|perfgate: archive cycle 2026-12-checkout',
    );
    expect((await git(remote, 'show', '--name-only', '--format=', 'main')).split('\n').sort()).toEqual([
      '.artifacts/protocol-18/PERFORMANCE-REPORT.md',
      'content/cycles/2026-12-checkout/evidence-manifest.json',
    ]);
    expect(outcome.kind === 'commit' && outcome.sha).toBe(await git(remote, 'rev-parse', 'main'));
    // The header was announced for masking, and nothing of the token is in the checkout's config.
    expect(masked).toEqual([Buffer.from('x-access-token:ghs_secret').toString('base64')]);
    const config = await readFile(path.join(checkout, '.git/config'), 'utf8');
    expect(config).not.toContain('ghs_secret');
    expect(config).not.toContain(masked[0]);
    expect(await git(checkout, 'status', '--porcelain')).toBe('?? unrelated.txt');
  });

  it('pull-request: pushes perfgate/archive-<id> and opens a pull request; the next push updates the same one', async () => {
    const github = await fakeGitHub('acme/shop', 1);
    try {
      await archiveOutput('2026-11-search');
      const t = { ...target('2026-11-search', 'pull-request' as const), apiUrl: github.url };
      const first = await commitArchive(t);
      expect(first).toEqual({
        kind: 'pull-request',
        url: 'https://github.example/acme/shop/pull/1',
        branch: 'perfgate/archive-2026-11-search',
        existing: false,
      });
      expect(github.pulls).toMatchObject([{ head: 'perfgate/archive-2026-11-search', base: 'main' }]);
      expect(github.requests.every((q) => q.authorization === 'Bearer ghs_secret')).toBe(true);
      const pushed = await git(remote, 'rev-parse', 'perfgate/archive-2026-11-search');
      // The cycle changed and was archived again on the next push: the branch is rewritten, the pull request kept.
      await git(checkout, 'reset', '--quiet', '--hard', 'HEAD~1');
      await archiveOutput('2026-11-search');
      await writeFile(path.join(checkout, 'content/cycles/2026-11-search/notes.md'), 'more\n');
      const second = await commitArchive(t);
      expect(second).toMatchObject({
        kind: 'pull-request',
        existing: true,
        url: 'https://github.example/acme/shop/pull/1',
      });
      expect(github.pulls).toHaveLength(1);
      expect(await git(remote, 'rev-parse', 'perfgate/archive-2026-11-search')).not.toBe(pushed);
      // Without permission to open pull requests: an outcome that says what to grant.
      github.failWith = 403;
      await archiveOutput('2026-11-search');
      await writeFile(path.join(checkout, 'content/cycles/2026-11-search/notes.md'), 'even more\n');
      const refused = await commitArchive(t);
      expect(refused).toMatchObject({ kind: 'failed' });
      expect(refused.kind === 'failed' && refused.reason).toContain(
        'the pull request failed: HTTP 403: the token may not open pull requests (grant `contents: write` and `pull-requests: write`',
      );
    } finally {
      await github.close();
    }
  });

  it('commit: a push the remote refuses (the branch moved on) is an outcome with the reason, not a crash', async () => {
    // Someone else pushed to main meanwhile.
    const other = path.join(root, 'other');
    await git(root, 'clone', '--quiet', remote, other);
    await writeFile(path.join(other, 'x.txt'), 'x\n');
    await git(other, 'add', '.');
    await git(
      other,
      '-c',
      'user.name=dev',
      '-c',
      'user.email=dev@example.com',
      'commit',
      '--quiet',
      '-m',
      'x',
    );
    await git(other, 'push', '--quiet', 'origin', 'HEAD:main');
    await archiveOutput('2027-01-next');
    const outcome = await commitArchive(target('2027-01-next', 'commit'));
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(
      /^git push to main failed: .*(rejected|fetch first|non-fast-forward)/,
    );
  });
});

describe('where the site is served, and what no current cycle is', () => {
  it('project sites under /<repo>/, user and organisation sites at /, configure-pages base_path as given', () => {
    expect(defaultPagesBase('acme/shop')).toBe('/shop/');
    expect(defaultPagesBase('acme/acme.github.io')).toBe('/');
    expect(defaultPagesBase('Acme/acme.GitHub.io')).toBe('/');
    expect(defaultPagesBase('acme/other.github.io')).toBe('/other.github.io/');
    expect(defaultPagesBase(undefined)).toBe('/');
    // `${{ steps.pages.outputs.base_path }}/`: '/shop/' for a project site, '/' for a user site or custom domain.
    expect(normalisePagesBase('/shop/')).toBe('/shop/');
    expect(normalisePagesBase('/')).toBe('/');
    expect(normalisePagesBase('/shop')).toBe('/shop/');
    expect(normalisePagesBase('shop')).toBe('/shop/');
  });
  it('no cycle directory, or one with nothing but dot-files; a cycle with files is current', () => {
    expect(isNoCycle({ diagnostics: [{ code: 'prereq.cycle-dir' }] }, null)).toBe(true);
    expect(isNoCycle({ diagnostics: [{ code: 'prereq.missing-artifact' }] }, [])).toBe(true);
    expect(isNoCycle({ diagnostics: [] }, ['.perfgate'])).toBe(true);
    expect(isNoCycle({ diagnostics: [] }, ['performance-intake-report.json'])).toBe(false);
    expect(isNoCycle(undefined, null)).toBe(false);
  });
});

describe('the summary between cycles', () => {
  it('says the history is published, or that the site was not built', () => {
    const base = { artifacts: '.artifacts/protocol-18', anchors: null, newest: null, siteUrl: null };
    expect(noCycleMarkdown({ ...base, built: true, published: 1 })).toContain(
      'no gate to decide, and the site publishes the history: 1 archived cycle.',
    );
    const failed = noCycleMarkdown({ ...base, built: false, published: null });
    expect(failed).toMatch(/^## perfgate: no current cycle — ⛔ site not built\n/);
    expect(failed).toContain('the site was not built (the log says why; the last published site stays)');
  });
});
