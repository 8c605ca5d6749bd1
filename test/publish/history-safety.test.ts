/**
 * The history a build publishes (core, no Astro): the same cycle current and archived is shown
 * once; a malformed frozen validation-report.json is a diagnostic naming the file and pointer;
 * hidden files are never offered for copying; a cycle id that is a site route fails validation.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/core/history/read.ts';
import { copyEvidence } from '../../src/core/publish/evidence-copy.ts';
import { EmitError } from '../../src/core/evidence/errors.ts';
import { runCli } from '../helpers/cli.ts';
import { demoCopy } from './demo-copy.ts';

const AS_OF = '2026-11-21T00:00:00Z';
const history = (dir: string) =>
  readHistory({
    artifactsDir: path.join(dir, '.artifacts/protocol-18'),
    archiveDir: path.join(dir, 'content/cycles'),
    configFile: path.join(dir, 'config/protocol_gates/18.yaml'),
    evaluatedAt: AS_OF,
    base: '/',
  });

let demo: string;
beforeAll(async () => {
  demo = await demoCopy();
});

describe('the history of a build', () => {
  it('shows a current cycle once, as archived, when the archive holds the same manifest bytes', async () => {
    // The current folder after `perfgate archive`: the archived cycle's files, manifest included.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-archived-current-'));
    await cp(path.join(demo, 'content'), path.join(dir, 'content'), { recursive: true });
    await cp(path.join(demo, 'config'), path.join(dir, 'config'), { recursive: true });
    await cp(
      path.join(dir, 'content/cycles/2026-08-payments-tail-latency'),
      path.join(dir, '.artifacts/protocol-18'),
      { recursive: true },
    );
    const data = await history(dir);
    const same = data.cycles.filter((c) => c.cycle_id === '2026-08-payments-tail-latency');
    expect(same.map((c) => [c.slug, c.source])).toEqual([['2026-08-payments-tail-latency', 'archived']]);
    expect(data.cycles).toHaveLength(6);
  }, 60_000);

  it('a frozen report whose waiver expires_at is a number: a diagnostic naming the file and pointer, no crash', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-frozen-'));
    await cp(path.join(demo, 'content'), path.join(dir, 'content'), { recursive: true });
    await cp(path.join(demo, 'config'), path.join(dir, 'config'), { recursive: true });
    const file = path.join(dir, 'content/cycles/2026-05-inventory-sync-backpressure/validation-report.json');
    const report = JSON.parse(await readFile(file, 'utf8'));
    const waived = report.gates
      .flatMap((g: { criteria: { waivers: { expires_at: unknown }[] }[] }) => g.criteria)
      .find((c: { waivers: unknown[] }) => c.waivers.length > 0);
    waived.waivers[0].expires_at = 1767225600;
    await writeFile(file, JSON.stringify(report, null, 2));
    const data = await history(dir);
    const cycle = data.cycles.find((c) => c.cycle_id === '2026-05-inventory-sync-backpressure')!;
    const d = cycle.diagnostics.find((x) => x.code === 'archive.frozen-report');
    expect(d).toMatchObject({ severity: 'error', file: 'validation-report.json' });
    expect(d?.pointer).toMatch(/^\/gates\/\d\/criteria\/\d+\/waivers\/0\/expires_at$/);
    expect(d?.message).toMatch(/expected string/);
    expect(cycle.decision.source).toBe('period_end');
    // ...and the manifest no longer matches the file: the build would refuse it as altered.
    expect(cycle.integrity.state).toBe('altered');
    expect(cycle.integrity.problems.join('\n')).toMatch(/validation-report\.json: altered/);
  }, 60_000);

  it('never offers a hidden file of the cycle for copying into the site', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-hidden-'));
    await cp(demo, dir, { recursive: true });
    await writeFile(path.join(dir, '.artifacts/protocol-18/diagnostics/.env'), 'SECRET=1\n');
    const data = await history(dir);
    expect(data.copies.some((c) => c.from.endsWith('.env') || c.to.includes('/.'))).toBe(false);
    expect(data.copies.length).toBeGreaterThan(100);
  }, 60_000);

  it('the evidence copier refuses a hidden file even when asked to copy it', async () => {
    const site = await mkdtemp(path.join(os.tmpdir(), 'perfgate-copy-'));
    const from = path.join(demo, '.artifacts/protocol-18/hypothesis-log.md');
    await expect(copyEvidence([{ from, to: 'cycles/x/files/diagnostics/.env' }], site)).rejects.toThrow(
      EmitError,
    );
    await expect(copyEvidence([{ from, to: 'cycles/x/files/.git/config' }], site)).rejects.toThrow(
      /Refusing to publish the hidden file/,
    );
  });
});

describe('reserved cycle ids', () => {
  it.each(['index.html', 'page', 'index'])('cycle_id %s is a validation error at /cycle_id', async (id) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-reserved-'));
    await cp(path.join(demo, '.artifacts'), dir, { recursive: true });
    const file = path.join(dir, 'protocol-18/performance-intake-report.json');
    const intake = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...intake, cycle_id: id }, null, 2));
    const r = await runCli(['validate', '--artifacts', path.join(dir, 'protocol-18'), '--json']);
    expect(r.code).toBe(1);
    const d = r.json().diagnostics.find((x: { code: string }) => x.code === 'intake.reserved-id');
    expect(d).toMatchObject({ file: 'performance-intake-report.json', pointer: '/cycle_id', line: 3 });
    expect(d.hint).toMatch(/reserved: `index`, `index.html`, `page`/);
  });
});
