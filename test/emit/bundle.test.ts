/** The bundle's layout (order, dates, modes, store vs deflate) and the manifest chain of the archive. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleDate } from '../../src/core/emit/emit-cycle.ts';
import { isStored } from '../../src/core/emit/bundle.ts';
import { runCli } from '../helpers/cli.ts';
import { freshCycle, reportArgs, zipEntries, removeTemporaries } from './helpers.ts';

afterAll(removeTemporaries);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the bundle', () => {
  it('sorts entries by code unit, with one date and mode 0644, stores compressed formats', async () => {
    const c = await freshCycle();
    await writeFile(path.join(c.dir, 'diagnostics', 'cpu.pb.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    await writeFile(path.join(c.dir, 'diagnostics', 'Shot.PNG'), Buffer.from('png-ish'));
    await writeFile(path.join(c.dir, 'diagnostics', 'stacks.folded'), 'main;a;b 10\n'.repeat(500));
    expect((await runCli(reportArgs(c))).code).toBe(0);
    const entries = await zipEntries(path.join(c.dir, 'performance-evidence-bundle.zip'));
    const names = entries.map((e) => e.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names.slice(0, 2)).toEqual(['PERFORMANCE-REPORT.md', 'SHA256SUMS']);
    expect(new Set(entries.map((e) => e.mode))).toEqual(new Set([0o100644]));
    // 2026-11-20 12:00:00 as a DOS date and time (UTC fields).
    expect(new Set(entries.map((e) => `${e.date.date}/${e.date.time}`))).toEqual(
      new Set([`${((2026 - 1980) << 9) | (11 << 5) | 20}/${12 << 11}`]),
    );
    const method = (n: string) => entries.find((e) => e.name === n)!.method;
    expect(method('diagnostics/cpu.pb.gz')).toBe(0);
    expect(method('diagnostics/Shot.PNG')).toBe(0);
    expect(method('diagnostics/stacks.folded')).toBe(8);
    expect(method('evidence-manifest.json')).toBe(8);
    const sums = entries.find((e) => e.name === 'SHA256SUMS')!.data.toString();
    for (const e of entries.filter((x) => x.name !== 'SHA256SUMS'))
      expect(sums).toContain(`${sha(e.data)}  ${e.name}\n`);
  });

  it('stores a file that deflates like a compression bomb, so that verify accepts its own bundle', async () => {
    const c = await freshCycle();
    await writeFile(path.join(c.dir, 'diagnostics', 'sparse.bin'), Buffer.alloc(8 * 1024 * 1024));
    expect((await runCli(reportArgs(c))).code).toBe(0);
    const entries = await zipEntries(path.join(c.dir, 'performance-evidence-bundle.zip'));
    expect(entries.find((e) => e.name === 'diagnostics/sparse.bin')!.method).toBe(0);
    expect((await runCli(['verify', path.join(c.dir, 'performance-evidence-bundle.zip')])).code).toBe(0);
  });

  it('refuses a cycle file whose name cannot be a safe entry, writing nothing', async () => {
    const c = await freshCycle();
    await writeFile(path.join(c.dir, 'diagnostics', 'a\\b.txt'), 'backslash in a Linux file name\n');
    const run = await runCli(reportArgs(c));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('`diagnostics/a\\b.txt` (backslash in the name');
    await expect(readFile(path.join(c.dir, 'evidence-manifest.json'))).rejects.toThrow();
  });

  it('uses the evaluation time as entry date, 1980-01-01 when it is unusable', () => {
    expect(bundleDate('2026-11-20T12:00:00Z').toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(bundleDate('').toISOString()).toBe('1980-01-01T00:00:00.000Z');
    expect(isStored('x/Y.JPEG')).toBe(true);
    expect(isStored('x/y.json')).toBe(false);
  });
});

describe('the manifest chain', () => {
  it('links the latest archived cycle by period end, skipping the same cycle id', async () => {
    const c = await freshCycle();
    const intake = JSON.parse(await readFile(path.join(c.dir, 'performance-intake-report.json'), 'utf8'));
    const archived = async (id: string, end: string, manifest: string | null) => {
      const d = path.join(c.archive, id);
      await mkdir(d, { recursive: true });
      await writeFile(
        path.join(d, 'performance-intake-report.json'),
        JSON.stringify({ ...intake, cycle_id: id, period: { start: intake.period.start, end } }),
      );
      if (manifest !== null) await writeFile(path.join(d, 'evidence-manifest.json'), manifest);
    };
    await archived('older', '2026-05-01T00:00:00Z', 'older manifest\n');
    await archived('latest', '2026-10-01T00:00:00Z', 'latest manifest\n');
    await archived(intake.cycle_id, '2027-01-01T00:00:00Z', 'same id: never the predecessor\n');
    const run = await runCli(reportArgs(c, '--json'));
    expect(run.json().previous_manifest_sha256).toBe(sha(Buffer.from('latest manifest\n')));
    const manifest = JSON.parse(await readFile(path.join(c.dir, 'evidence-manifest.json'), 'utf8'));
    expect(manifest.previous_manifest_sha256).toBe(sha(Buffer.from('latest manifest\n')));

    await archived('newest', '2026-11-01T00:00:00Z', null);
    const again = await runCli(reportArgs(c, '--json'));
    expect(again.json().previous_manifest_sha256).toBeNull();
    expect(again.json().notes.join('\n')).toMatch(
      /latest archived cycle newest .* has no readable evidence-manifest\.json/,
    );
  });

  it('records per-file times from the artifacts, never from mtimes', async () => {
    const c = await freshCycle();
    await runCli(reportArgs(c));
    const manifest = JSON.parse(await readFile(path.join(c.dir, 'evidence-manifest.json'), 'utf8'));
    const at = (p: string) => manifest.files.find((f: { path: string }) => f.path === p).generated_at;
    expect(at('performance-intake-report.json')).toBe('2026-11-02T09:00:00Z');
    expect(at('baseline-metrics.csv')).toBe('2026-11-02T08:30:00Z');
    expect(at('reviewer-signoff.json')).toBe('2026-11-18T11:00:00Z');
    expect(at('diagnostics/checkout-cpu.svg')).toBe('2026-11-20T12:00:00Z');
    expect(
      manifest.upstream.map((u: { path: string; protocol: number }) => `${u.protocol} ${u.path}`),
    ).toEqual(['15 ../protocol-15/DEPLOYMENT-REPORT.md', '16 ../protocol-16/OBSERVABILITY-BASELINE.md']);
  });
});
