/** `perfgate build` end to end: a broken archived cycle, the exit code, the atomic swap of --out. */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, STACK_TRACE } from './helpers/cli.ts';
import { perfgate, SITE_FIXTURES } from './site/build.ts';

describe('perfgate build', () => {
  let work: string;
  let html: string;
  let first: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'perfgate-site-'));
    // The current cycle fails gate 3 (a copy of the fixture's failing cycle, with its upstream beside it).
    await cp(path.join(SITE_FIXTURES, 'archive/site-2026-08'), path.join(work, 'protocol-18'), {
      recursive: true,
    });
    for (const p of ['protocol-15', 'protocol-16'])
      await cp(path.join(FIXTURES, 'valid', p), path.join(work, p), { recursive: true });
    // The archive: one past cycle and one broken cycle (a duplicate key in its intake).
    const archive = path.join(work, 'cycles');
    await cp(path.join(FIXTURES, 'valid/protocol-18'), path.join(archive, 'fixture-2026-05'), {
      recursive: true,
    });
    const intakeFile = path.join(archive, 'fixture-2026-05', 'performance-intake-report.json');
    const intake = JSON.parse(await readFile(intakeFile, 'utf8'));
    intake.cycle_id = 'fixture-2026-05';
    intake.period = { start: '2026-05-01T00:00:00Z', end: '2026-05-20T00:00:00Z' };
    await writeFile(intakeFile, JSON.stringify(intake, null, 2));
    await mkdir(path.join(archive, 'Broken Cycle'));
    await writeFile(
      path.join(archive, 'Broken Cycle', 'performance-intake-report.json'),
      '{"cycle_id": "a", "cycle_id": "b"}',
    );
    // A previous site in --out, which a successful build replaces.
    await mkdir(path.join(work, 'dist'));
    await writeFile(path.join(work, 'dist', 'stale.txt'), 'old');
    first = await perfgate([
      'build',
      '--artifacts',
      path.join(work, 'protocol-18'),
      '--archive',
      archive,
      '--config',
      path.join(SITE_FIXTURES, 'gates.yaml'),
      '--out',
      path.join(work, 'dist'),
      '--base',
      'demo',
      '--as-of',
      '2026-11-21T00:00:00Z',
    ]);
    html = await readFile(path.join(work, 'dist', 'index.html'), 'utf8');
  }, 240_000);

  it('exits 1 when the current cycle fails a gate, and still publishes the site', () => {
    expect(first.stderr).not.toMatch(STACK_TRACE);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/Current cycle site-2026-08: A gate failed/);
  });

  it('lists every cycle, newest first, including a broken one under a clean URL', () => {
    const current = html.indexOf('site-2026-08');
    const past = html.indexOf('fixture-2026-05');
    expect(current).toBeGreaterThan(-1);
    expect(past).toBeGreaterThan(current);
    expect(html).toMatch(
      /datetime="2026-05-01T00:00:00Z">2026-05-01<\/time> – <time datetime="2026-05-20T00:00:00Z">2026-05-20</,
    );
    expect(html).toContain('href="/demo/cycles/broken-cycle/"');
  });

  it('normalises --base and keeps every internal link under it', () => {
    const links = [...html.matchAll(/(?:href|src)="([^"#][^"]*)"/g)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l.startsWith('/demo/'), l).toBe(true);
  });

  it('says what to run on the evidence page of a cycle without a bundle, with no empty heading', async () => {
    const evidence = await readFile(path.join(work, 'dist/cycles/site-2026-08/evidence/index.html'), 'utf8');
    expect(evidence).not.toMatch(/<h2[^>]*>Downloads</);
    expect(evidence).toMatch(/There is no bundle to verify yet: run <code>perfgate report<\/code>/);
    // Every heading is followed by content before the next heading.
    expect(evidence).not.toMatch(/<\/h2>\s*<h2/);
  });

  it('replaced the previous site in --out', async () => {
    await expect(readFile(path.join(work, 'dist', 'stale.txt'), 'utf8')).rejects.toThrow();
  });

  it('keeps the previous site when the build is refused, and exits 0 with --no-fail-on-gate', async () => {
    const refused = await perfgate([
      'build',
      '--artifacts',
      path.join(work, 'protocol-18'),
      '--out',
      path.join(work, 'dist'),
      '--site',
      'javascript:alert(1)',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).not.toMatch(STACK_TRACE);
    expect(await readFile(path.join(work, 'dist', 'index.html'), 'utf8')).toBe(html);
    const lenient = await perfgate([
      'build',
      '--artifacts',
      path.join(work, 'protocol-18'),
      '--archive',
      path.join(work, 'none'),
      '--config',
      path.join(SITE_FIXTURES, 'gates.yaml'),
      '--out',
      path.join(work, 'dist2'),
      '--as-of',
      '2026-11-21T00:00:00Z',
      '--no-fail-on-gate',
      '--json',
    ]);
    expect(lenient.code).toBe(0);
    const built = JSON.parse(lenient.stdout);
    expect(built).toMatchObject({ command: 'build', cycles: 1, exit_code: 0 });
    // The counts it reports are the site's, as find(1) counts them: HTML pages and bytes of all files.
    const find = (...args: string[]) =>
      execFileSync('find', [path.join(work, 'dist2'), '-type', 'f', ...args], { encoding: 'utf8' });
    expect(built.pages).toBe(find('-name', '*.html').split('\n').filter(Boolean).length);
    const sizes = find('-printf', '%s\n').split('\n').filter(Boolean).map(Number);
    expect(built.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
  }, 120_000);
});
