/**
 * The composite action's script run as GitHub would (a child process with the runner's environment),
 * against a local stand-in for the GitHub REST API: the pull-request comment is created once, then
 * updated in place; without permission the job summary alone carries the content; and hostile
 * artifacts issue no workflow command and reach the summary and the comment only as escaped text.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../src/core/github/comment.ts';
import { FIXTURES, runCli } from './helpers/cli.ts';
import { fakeGitHub, type FakeGitHub } from './helpers/github-api.ts';
import { hostileCycle, PAYLOADS } from './helpers/hostile-ci.ts';
import { workflowCommands } from './helpers/workflow-commands.ts';
import { markdownTables } from './helpers/markdown-tables.ts';
import { ROOT, runScript } from './site/build.ts';

const REPO = 'acme/shop';
const PR = 7;
const ARCHIVED = '2026-08-payments-tail-latency';

let work: string;
let github: FakeGitHub;
let hostile: string;
let runs = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'perfgate-action-'));
  github = await fakeGitHub(REPO, PR);
  await writeFile(
    path.join(work, 'event.json'),
    JSON.stringify({ action: 'synchronize', pull_request: { number: PR } }),
  );
  // A config file that names nothing: every threshold at its default.
  await writeFile(path.join(work, 'defaults.yaml'), '# the defaults\n');
  // The whole frozen archive: a lone cycle whose chain link points at a missing predecessor is
  // refused by the build (a broken chain is never published silently).
  await cp(path.join(ROOT, 'content/cycles'), path.join(work, 'archive'), { recursive: true });
  hostile = await hostileCycle();
});
afterAll(async () => {
  await github.close();
  await rm(work, { recursive: true, force: true });
  await rm(path.dirname(hostile), { recursive: true, force: true });
});

async function action(artifacts: string, extra: Record<string, string> = {}) {
  const summary = path.join(work, `summary-${++runs}.md`);
  const output = `${summary}.out`;
  const r = await runScript('scripts/github-action.mjs', [], undefined, {
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_REPOSITORY: REPO,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: path.join(work, 'event.json'),
    GITHUB_API_URL: github.url,
    INPUT_GITHUB_TOKEN: 'test-token',
    INPUT_ARTIFACTS: artifacts,
    INPUT_ARCHIVE: path.join(work, 'archive'),
    INPUT_CONFIG: path.join(work, 'defaults.yaml'),
    INPUT_OUT: path.join(work, 'site'),
    SOURCE_DATE_EPOCH: '1795000000',
    ...extra,
  });
  const read = (f: string) => readFile(f, 'utf8').catch(() => '');
  return { ...r, summary: await read(summary), outputs: await read(output) };
}

const sha256sum = async (file: string) =>
  (await promisify(execFile)('sha256sum', [file])).stdout.split(' ')[0];

describe('github action on a pull request', () => {
  it('creates one comment with the verdict, gates, KPI deltas, the previous cycle, the anchors and the page link', async () => {
    await cp(path.join(FIXTURES, 'gates/regression'), path.join(work, 'cycle'), { recursive: true });
    const cycle = path.join(work, 'cycle/protocol-18');
    // A diagnostic to annotate that does not block publishing: throughput inconsistent with requests/duration.
    const loadFile = path.join(cycle, 'load-test-results.json');
    await writeFile(
      loadFile,
      (await readFile(loadFile, 'utf8')).replace('"throughput_rps": 900', '"throughput_rps": 1900'),
    );
    const r = await action(cycle, { INPUT_SITE: 'https://acme.github.io/shop/' });
    expect(r.code, r.stdout + r.stderr).toBe(1); // gate 3 fails and fail-on-gate defaults to true
    expect(github.requests.map((q) => q.method)).toEqual(['GET', 'POST']);
    expect(github.requests.every((q) => q.authorization === 'Bearer test-token')).toBe(true);
    expect(github.comments).toHaveLength(1);
    const body = github.comments[0]!.body;
    expect(body.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(body.slice(COMMENT_MARKER.length + 1)).toBe(r.summary); // the job summary has the same content
    expect(r.summary).toContain('— ❌ A gate failed: ');
    expect(r.summary).toMatch(/\| 3 optimization \| ❌ Fail \| 1 of 2 criteria pass, 1 failed \|/);
    expect(r.summary).toContain('| 3: regression\\_count | ❌ Fail | 1 | &lt;= 0 |');
    // The fixture's checkout-api p95 went 480 → 340 ms, typed with n/stdev on both sides: before issue 23
    // this printed "p = 1.11e-20, significant at 95 %" from the per-request n; now no test, and the
    // row says where each number came from.
    expect(r.summary).toContain(
      '| checkout-api latency\\_p95\\_ms | target | 480 | 340 | +29.2 % | no interval (fewer than two referenced runs per side) | [before: typed (n 30, stdev 40: shown, never tested), agrees with run checkout-base 480, baseline-metrics.csv row 1 (POST /checkout) 480; after: typed (n 30, stdev 35: shown, never tested), agrees with run checkout-after 340](<https://acme.github.io/shop/cycles/gates-regression-2026-11/#kpi-0>) |',
    );
    expect(r.summary).not.toMatch(/significant at|Welch/);
    expect(r.summary).toContain(`### Since ${ARCHIVED} (the newest archived cycle other than this one)`);
    const head = await sha256sum(path.join(work, 'archive', ARCHIVED, 'evidence-manifest.json'));
    const bundle = await sha256sum(path.join(work, 'archive', ARCHIVED, 'performance-evidence-bundle.zip'));
    expect(r.summary).toContain(
      `Chain head (SHA-256 of the newest archived cycle's evidence-manifest.json): \`${head}\``,
    );
    expect(r.summary).toContain(
      `The newest archived cycle's performance-evidence-bundle.zip: SHA-256 \`${bundle}\``,
    );
    expect(r.summary).toContain("This cycle's evidence bundle: not written yet");
    expect(r.summary).toContain(
      "[The cycle's page on the site](<https://acme.github.io/shop/cycles/gates-regression-2026-11/>)",
    );
    const page = await readFile(path.join(work, 'site/cycles/gates-regression-2026-11/index.html'), 'utf8');
    expect(page).toContain('gates-regression-2026-11');
    expect(r.outputs).toMatch(new RegExp(`^chain-head<<(perfgate_[0-9a-f]+)\\n${head}\\n\\1$`, 'm'));
    expect(r.stdout).toMatch(
      /^::warning file=.*load-test-results\.json,line=\d+,title=perfgate load\.throughput-mismatch::/m,
    );
    expect(r.stdout).toContain(`perfgate: created the pull-request comment`);
  }, 180_000);

  it('updates the same comment on the next run, and hostile artifacts issue no command', async () => {
    // Someone quotes the marker in their own comment: it must not be taken over. 120 comments of
    // reviewers come first, so perfgate's is on the second page of 100.
    const people = Array.from({ length: 120 }, (_, i) => ({
      id: i + 1,
      body: i === 0 ? `${COMMENT_MARKER} me too` : `review ${i}`,
      user: { login: 'mallory', type: 'User' },
      html_url: 'x',
    }));
    github.comments.unshift(...people);
    const ours = github.comments[120]!;
    const before = ours.body;
    github.requests.length = 0;
    const r = await action(hostile);
    expect(r.code).not.toBe(0); // the blocking errors stop the build
    expect(github.requests.map((q) => `${q.method} ${q.url}`)).toEqual([
      `GET /repos/${REPO}/issues/${PR}/comments?per_page=100&page=1`,
      `GET /repos/${REPO}/issues/${PR}/comments?per_page=100&page=2`,
      `PATCH /repos/${REPO}/issues/comments/${ours.id}`,
    ]);
    expect(github.comments).toHaveLength(121);
    expect(github.comments[0]!.body).toBe(`${COMMENT_MARKER} me too`);
    expect(ours.body).not.toBe(before);
    expect(ours.body.slice(COMMENT_MARKER.length + 1)).toBe(r.summary);
    expect(r.summary).toContain('— ❌ Validation failed: ');

    // The log: the payloads are there (fenced), and the runner would process only what perfgate meant.
    expect(r.stdout).toContain('add-mask::x');
    expect(r.stdout).toContain('stop-commands]x');
    expect(workflowCommands(r.stderr)).toEqual([]);
    const commands = workflowCommands(r.stdout);
    const [stop, resume, ...rest] = commands;
    expect(stop?.name).toBe('stop-commands');
    expect(stop?.data).toMatch(/^[0-9a-f]{32}$/);
    expect(resume?.name).toBe(stop?.data);
    const gates = (
      await runCli(['gates', '--artifacts', hostile, '--config', path.join(work, 'defaults.yaml'), '--json'])
    ).json();
    const meant = (gates.diagnostics as { severity: string; code: string }[]).filter(
      (d) => d.severity !== 'info',
    );
    expect(meant.length).toBeGreaterThan(5);
    expect(rest.map((c) => c.name)).toEqual(
      meant.map((d) => (d.severity === 'warning' ? 'warning' : 'error')),
    );
    expect(rest.map((c) => c.properties.title)).toEqual(meant.map((d) => `perfgate ${d.code}`));
    for (const c of rest) expect(c.properties.file?.startsWith(hostile + path.sep)).toBe(true);
    const keyAnnotation = rest.find((c) => c.data.includes(PAYLOADS.jsonKeyLf));
    expect(keyAnnotation?.properties.file).toBe(path.join(hostile, 'load-test-results.json'));

    // Summary and comment: only escaped text. An independent Markdown parser (remark + GFM) finds no
    // HTML, no link, no emphasis, the table intact and the endpoint as literal text on one line.
    for (const md of [r.summary, ours.body.slice(COMMENT_MARKER.length + 1)]) {
      expect(md).not.toMatch(/\r/);
      expect(md).not.toMatch(/^\s*::/m);
      expect(md).not.toContain('##[');
      const { tables, forbidden } = markdownTables(md);
      expect(forbidden).toEqual([]);
      const kpi = tables.find((t) => t.header[0] === 'KPI' && t.header[1] === 'Role');
      expect(kpi).toBeDefined();
      for (const row of kpi!.rows) expect(row).toHaveLength(kpi!.header.length);
      const expected = `checkout-api ${PAYLOADS.endpoint.replace(/\r/g, ' ')} latency_p95_ms`;
      expect(kpi!.rows.map((row) => row[0]!.replaceAll('\u2060', ''))).toContain(expected); // word joiners keep @ and URLs inert
    }
  }, 120_000);

  it('without permission, falls back to the job summary with a plain notice and the same exit code', async () => {
    github.failWith = 403;
    github.requests.length = 0;
    const commentsBefore = JSON.stringify(github.comments);
    const r = await action(hostile);
    github.failWith = null;
    expect(r.code).toBe(1);
    expect(github.requests.map((q) => q.method)).toEqual(['GET']); // refused at once: no second call
    expect(JSON.stringify(github.comments)).toBe(commentsBefore);
    expect(r.summary).toContain('— ❌ Validation failed: ');
    expect(r.stdout).toContain(
      'perfgate: no pull-request comment (HTTP 403: the token may not write pull-request comments (grant `pull-requests: write`)); the job summary has the same content.',
    );
    const names = workflowCommands(r.stdout)
      .slice(2)
      .map((c) => c.name);
    expect(names.every((n) => n === 'error' || n === 'warning')).toBe(true);
    expect(names.filter((n) => n === 'warning')).toHaveLength(1); // the heading warning of the cycle, nothing about the comment
  }, 120_000);

  it('without a token, posts nothing and says so', async () => {
    github.requests.length = 0;
    const r = await action(hostile, { INPUT_GITHUB_TOKEN: '' });
    expect(r.code).toBe(1);
    expect(github.requests).toEqual([]);
    expect(r.stdout).toContain('perfgate: no pull-request comment (no token (input github-token is empty))');
    expect(r.summary).toContain('## perfgate:');
  }, 120_000);
});
