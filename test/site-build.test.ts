/** The site is built from real cycle data by the real `perfgate build` (a child process, as a user runs it). */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, cp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/cli.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

export async function perfgate(args: string[], cwd = ROOT) {
  try {
    const r = await run(process.execPath, [path.join(ROOT, 'bin/perfgate.mjs'), ...args], {
      cwd,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('perfgate build (site skeleton)', () => {
  let work: string;
  let html: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'perfgate-site-'));
    // An archive with one past cycle (the fixture under another id) and one broken cycle.
    const archive = path.join(work, 'cycles');
    await cp(path.join(FIXTURES, 'valid/protocol-18'), path.join(archive, 'fixture-2026-08'), {
      recursive: true,
    });
    const intakeFile = path.join(archive, 'fixture-2026-08', 'performance-intake-report.json');
    const intake = JSON.parse(await readFile(intakeFile, 'utf8'));
    intake.cycle_id = 'fixture-2026-08';
    intake.period = { start: '2026-08-01T00:00:00Z', end: '2026-08-20T00:00:00Z' };
    await writeFile(intakeFile, JSON.stringify(intake, null, 2));
    await mkdir(path.join(archive, 'broken-cycle'));
    await writeFile(
      path.join(archive, 'broken-cycle', 'performance-intake-report.json'),
      '{"cycle_id": "broken-cycle", "cycle_id": "x"}',
    );
    const r = await perfgate([
      'build',
      '--artifacts',
      path.join(FIXTURES, 'valid/protocol-18'),
      '--archive',
      archive,
      '--out',
      path.join(work, 'dist'),
      '--base',
      '/demo/',
      '--as-of',
      '2026-11-21T00:00:00Z',
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    html = await readFile(path.join(work, 'dist', 'index.html'), 'utf8');
  }, 240_000);

  it('lists every cycle, newest first, with its period and validation status', () => {
    const current = html.indexOf('fixture-2026-11');
    const past = html.indexOf('fixture-2026-08');
    expect(current).toBeGreaterThan(-1);
    expect(past).toBeGreaterThan(current);
    expect(html).toContain('2026-11-01 – 2026-11-20');
    expect(html).toContain('broken-cycle');
    expect(html).toMatch(/✖ invalid/);
    expect(html).toMatch(/✔ valid/);
  });

  it('keeps every internal link under the base path', () => {
    const links = [...html.matchAll(/(?:href|src)="([^"#][^"]*)"/g)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l.startsWith('/demo/'), l).toBe(true);
  });

  it('ships no JavaScript on a page without a chart', () => {
    expect(html).not.toMatch(/<script/i);
  });
});
