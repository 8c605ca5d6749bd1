/**
 * `perfgate verify` on a fresh bundle and directory, and after every kind of tampering: one byte
 * of any file, a file added, a file removed, a malformed digest. Each failure names the file.
 */
import { appendFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle, verifyDirectory } from '../../src/core/verify/index.ts';
import { DEFAULT_LIMITS } from '../../src/core/evidence/zip-checks.ts';
import { zipBytes } from '../fixtures/zips/make-zips.mjs';
import { runCli, STACK_TRACE } from '../helpers/cli.ts';
import {
  freshCycle,
  reportArgs,
  zipEntries,
  type ZipEntryInfo,
  removeTemporaries,
  scratchDir,
} from './helpers.ts';

afterAll(removeTemporaries);

let dir: string;
let bundle: string;
let manifestFiles: string[];
let entries: ZipEntryInfo[];
let scratch: string;

beforeAll(async () => {
  const c = await freshCycle();
  const run = await runCli(reportArgs(c));
  expect(run.code).toBe(0);
  dir = c.dir;
  bundle = path.join(dir, 'performance-evidence-bundle.zip');
  manifestFiles = JSON.parse(await readFile(path.join(dir, 'evidence-manifest.json'), 'utf8')).files.map(
    (f: { path: string }) => f.path,
  );
  entries = await zipEntries(bundle);
  scratch = await scratchDir('verify');
});

/** Flips one bit of the byte at `at` and returns a restore function. */
async function flip(file: string, at: (size: number) => number): Promise<() => Promise<void>> {
  const original = await readFile(file);
  const changed = Buffer.from(original);
  const i = at(changed.length);
  changed[i] = changed[i]! ^ 0x01;
  await writeFile(file, changed);
  return () => writeFile(file, original);
}

const rebuilt = (list: ZipEntryInfo[]) =>
  zipBytes(list.map((e) => ({ name: e.name, data: e.data, method: e.method === 0 ? 0 : 8 })));

describe('verify passes', () => {
  it('on the fresh bundle and on the directory, through the CLI', async () => {
    for (const target of [bundle, dir]) {
      const run = await runCli(['verify', target]);
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout).toMatch(/✔ .* matches its manifest/);
      const json = await runCli(['verify', target, '--json']);
      expect(json.json().problems).toEqual([]);
      expect(json.json().exit_code).toBe(0);
    }
  });

  it('on the directory an auditor extracts from the bundle (SHA256SUMS included, upstream absent)', async () => {
    const out = await scratchDir('extracted');
    for (const e of entries) {
      await mkdir(path.dirname(path.join(out, e.name)), { recursive: true });
      await writeFile(path.join(out, e.name), e.data);
    }
    const report = await verifyDirectory(out);
    expect(report.problems).toEqual([]);
    expect(report.notes.join('\n')).toContain(
      'upstream ../protocol-15/DEPLOYMENT-REPORT.md not present here',
    );
    await writeFile(
      path.join(out, 'SHA256SUMS'),
      (await readFile(path.join(out, 'SHA256SUMS'), 'utf8')).replace(/^[0-9a-f]/, (c) =>
        c === '0' ? '1' : '0',
      ),
    );
    const first = (await readFile(path.join(out, 'SHA256SUMS'), 'utf8')).split('  ')[1]!.split('\n')[0]!;
    expect((await verifyDirectory(out)).problems).toContainEqual(
      expect.objectContaining({ kind: 'altered', path: first }),
    );
  });

  it('on a bundle rebuilt entry for entry by another zip writer', async () => {
    const copy = path.join(scratch, 'rebuilt.zip');
    await writeFile(copy, rebuilt(entries));
    expect((await verifyBundle(copy, DEFAULT_LIMITS)).problems).toEqual([]);
  });
});

describe('verify fails naming the file', () => {
  it('after one byte of any file of the manifest changes (directory)', async () => {
    expect(manifestFiles.length).toBeGreaterThanOrEqual(18);
    for (const file of manifestFiles) {
      for (const at of [() => 0, (n: number) => Math.floor(n / 2), (n: number) => n - 1]) {
        const restore = await flip(path.join(dir, file), at);
        const report = await verifyDirectory(dir);
        await restore();
        expect(
          report.problems.map((p) => `${p.kind} ${p.path}`),
          file,
          // The directory's own bundle still holds the original bytes: verify says so too.
        ).toEqual([`altered ${file}`, `differs-from-bundle ${file}`]);
      }
    }
    expect((await verifyDirectory(dir)).problems).toEqual([]);
  });

  it('after one byte of any entry of the bundle changes (zip)', async () => {
    const original = await readFile(bundle);
    for (const e of entries) {
      const tampered = Buffer.from(original);
      const at = e.dataStart + Math.floor(e.compressedSize / 2);
      tampered[at] = tampered[at]! ^ 0x01;
      const copy = path.join(scratch, 'flipped.zip');
      await writeFile(copy, tampered);
      const report = await verifyBundle(copy, DEFAULT_LIMITS);
      expect(report.problems.length, e.name).toBeGreaterThan(0);
      expect(
        report.problems.map((p) => p.path),
        e.name,
      ).toContain(e.name);
    }
  });

  it('when a file is added or removed (directory)', async () => {
    await writeFile(path.join(dir, 'diagnostics', 'late.txt'), 'added after the report\n');
    const added = await verifyDirectory(dir);
    await rm(path.join(dir, 'diagnostics', 'late.txt'));
    expect(added.problems.map((p) => `${p.kind} ${p.path}`)).toEqual(['extra diagnostics/late.txt']);

    const removed = path.join(dir, 'hypothesis-log.md');
    const keep = await readFile(removed);
    await rm(removed);
    const missing = await verifyDirectory(dir);
    await writeFile(removed, keep);
    expect(missing.problems.map((p) => `${p.kind} ${p.path}`)).toEqual(['missing hypothesis-log.md']);
  });

  it('when an entry is added or removed (zip), through the CLI with exit code 1', async () => {
    const added = path.join(scratch, 'added.zip');
    await writeFile(
      added,
      rebuilt([...entries, { ...entries[0]!, name: 'zz-extra.txt', data: Buffer.from('x') }]),
    );
    const run = await runCli(['verify', added]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('extra            zz-extra.txt');
    expect(run.stderr).not.toMatch(STACK_TRACE);

    const removed = path.join(scratch, 'removed.zip');
    await writeFile(removed, rebuilt(entries.filter((e) => e.name !== 'load-test-results.json')));
    const json = (await runCli(['verify', removed, '--json'])).json();
    expect(json.exit_code).toBe(1);
    expect(json.problems).toContainEqual(
      expect.objectContaining({ kind: 'missing', path: 'load-test-results.json' }),
    );
  });

  it('when a manifest digest is malformed (directory and zip)', async () => {
    const file = path.join(dir, 'evidence-manifest.json');
    const original = await readFile(file, 'utf8');
    const manifest = JSON.parse(original);
    const target = manifest.files.find((f: { path: string }) => f.path === 'optimization-plan.json');
    target.sha256 = target.sha256.toUpperCase();
    await writeFile(file, JSON.stringify(manifest, null, 2) + '\n');
    const report = await verifyDirectory(dir);
    await writeFile(file, original);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'malformed-digest', path: 'optimization-plan.json' }),
    );

    const zipped = path.join(scratch, 'malformed.zip');
    const withBad = entries.map((e) =>
      e.name === 'evidence-manifest.json' ? { ...e, data: Buffer.from(JSON.stringify(manifest)) } : e,
    );
    await writeFile(zipped, rebuilt(withBad));
    const run = await runCli(['verify', zipped]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/malformed-digest +optimization-plan\.json: malformed sha256/);
  });

  it('when SHA256SUMS holds a malformed digest', async () => {
    const sums = entries.find((e) => e.name === 'SHA256SUMS')!;
    const lines = sums.data
      .toString('utf8')
      .replace(/^[0-9a-f]{64}(?=  baseline-metrics\.csv$)/m, 'not-a-digest');
    const zipped = path.join(scratch, 'sums.zip');
    await writeFile(
      zipped,
      rebuilt(entries.map((e) => (e === sums ? { ...e, data: Buffer.from(lines) } : e))),
    );
    const report = await verifyBundle(zipped, DEFAULT_LIMITS);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'malformed-digest', path: 'baseline-metrics.csv' }),
    );
  });

  it('on a truncated bundle and on a missing path', async () => {
    const truncated = path.join(scratch, 'truncated.zip');
    await writeFile(truncated, (await readFile(bundle)).subarray(0, 5000));
    const run = await runCli(['verify', truncated]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('unreadable');
    const missing = await runCli(['verify', path.join(scratch, 'nope.zip')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Not found');
  });

  it('when a listed file is replaced by a symbolic link (never followed)', async () => {
    const file = path.join(dir, 'capacity-analysis.md');
    const keep = await readFile(file);
    const elsewhere = path.join(scratch, 'capacity-analysis.md');
    await writeFile(elsewhere, keep);
    await rm(file);
    await symlink(elsewhere, file);
    const report = await verifyDirectory(dir);
    await rm(file);
    await writeFile(file, keep);
    expect(report.problems.map((p) => `${p.kind} ${p.path}`)).toEqual(['symlink capacity-analysis.md']);
  });

  it('when a listed file grew', async () => {
    const file = path.join(dir, 'diagnostics', 'search-cpu.svg');
    const keep = await readFile(file);
    await appendFile(file, '<!-- more -->');
    const report = await verifyDirectory(dir);
    await writeFile(file, keep);
    expect(report.problems.map((p) => `${p.kind} ${p.path}`)).toEqual(['altered diagnostics/search-cpu.svg']);
  });
});
