/** Small units of the emit layer: names, writers, progress line, report marker. */
import { lstat, mkdir, readFile, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaries, scratchDir } from './helpers.ts';
import { EmitError } from '../../src/core/evidence/errors.ts';
import { FsWriter } from '../../src/core/emit/fs-writer.ts';
import { checkNames, unsafeName } from '../../src/core/evidence/names.ts';
import { progressLine } from '../../src/core/emit/progress.ts';
import { isGeneratedReport, REPORT_MARKER } from '../../src/core/emit/report/index.ts';
import { MemoryWriter, type OutputWriter } from '../../src/core/emit/writer.ts';

afterAll(removeTemporaries);

describe('entry names', () => {
  it('accepts relative slash-separated paths and rejects the rest', () => {
    expect(unsafeName('diagnostics/flame graph (1).svg')).toBeUndefined();
    for (const bad of [
      '',
      '../x',
      'a/../b',
      '/etc/x',
      'C:/x',
      'a\\b',
      'a//b',
      './a',
      'a/',
      'a\nb',
      'a\u0000',
    ])
      expect(unsafeName(bad), JSON.stringify(bad)).toBeDefined();
  });

  it('reports duplicates and case-folding collisions', () => {
    expect(
      checkNames(['a.txt', 'b.txt', 'a.txt', 'README.md', 'readme.md']).map((p) => `${p.name}: ${p.problem}`),
    ).toEqual([
      'a.txt: duplicate name',
      'readme.md: collides with `README.md` on case-insensitive file systems',
    ]);
  });
});

async function exercise(writer: OutputWriter, read: (name: string) => Promise<Buffer | undefined>) {
  expect(await writer.head('validation-report.json', 10)).toBeUndefined();
  await writer.put('validation-report.json', Buffer.from('{"a":1}\n'));
  await writer.putStream(
    'performance-evidence-bundle.zip',
    Readable.from([Buffer.from('PK'), Buffer.from('zip')]),
  );
  // Staged, not visible yet.
  expect(await read('validation-report.json')).toBeUndefined();
  await writer.commit();
  expect((await read('validation-report.json'))!.toString()).toBe('{"a":1}\n');
  expect((await read('performance-evidence-bundle.zip'))!.toString()).toBe('PKzip');
  expect((await writer.head('validation-report.json', 4))!.toString()).toBe('{"a"');
  await writer.put('validation-report.json', Buffer.from('new'));
  await writer.discard();
  expect((await read('validation-report.json'))!.toString()).toBe('{"a":1}\n');
}

describe('writers', () => {
  it('the in-memory writer stages, commits and discards', async () => {
    const w = new MemoryWriter();
    await exercise(w, async (n) => w.files.get(n as never));
  });

  it('the file-system writer does the same through temporary files and renames', async () => {
    const dir = await scratchDir('writer');
    const w = new FsWriter(dir, 4242);
    await exercise(w, (n) => readFile(path.join(dir, n)).catch(() => undefined));
    expect((await readdir(dir)).sort()).toEqual([
      'performance-evidence-bundle.zip',
      'validation-report.json',
    ]);
    await w.put('PERFORMANCE-REPORT.md', Buffer.from('x'));
    // Staged in perfgate's own dot-folder, which the walk never lists as evidence.
    expect(await readdir(path.join(dir, '.perfgate'))).toContain('PERFORMANCE-REPORT.md.tmp-4242');
    expect(w.staged('PERFORMANCE-REPORT.md')).toEqual({
      kind: 'file',
      path: path.join(dir, '.perfgate', 'PERFORMANCE-REPORT.md.tmp-4242'),
    });
    await w.discard();
    expect(await readdir(dir)).not.toContain('.perfgate');
  });

  it('the file-system writer refuses a directory at an output path and never follows a link', async () => {
    const dir = await scratchDir('writer');
    await mkdir(path.join(dir, 'evidence-manifest.json'));
    const w = new FsWriter(dir);
    await expect(w.head('evidence-manifest.json', 10)).rejects.toThrow(EmitError);
    await mkdir(path.join(dir, '.perfgate', 'validation-report.json.tmp-7'), { recursive: true });
    await expect(new FsWriter(dir, 7).put('validation-report.json', Buffer.from('x'))).rejects.toThrow(
      /a directory is in the way/,
    );
    expect((await lstat(path.join(dir, '.perfgate', 'validation-report.json.tmp-7'))).isDirectory()).toBe(
      true,
    );
    // A link in place of the dot-folder would carry the outputs out of the cycle directory.
    const other = await scratchDir('writer-elsewhere');
    const linked = await scratchDir('writer-linked');
    await symlink(other, path.join(linked, '.perfgate'));
    await expect(new FsWriter(linked).put('validation-report.json', Buffer.from('x'))).rejects.toThrow(
      EmitError,
    );
    expect(await readdir(other)).toEqual([]);
  });
});

describe('the report marker', () => {
  it('is recognised on the first line only', () => {
    expect(isGeneratedReport(Buffer.from(`${REPORT_MARKER}\n# x\n`))).toBe(true);
    expect(isGeneratedReport(Buffer.from(`\uFEFF${REPORT_MARKER}\r\n`))).toBe(true);
    expect(isGeneratedReport(Buffer.from(`# x\n${REPORT_MARKER}\n`))).toBe(false);
    expect(isGeneratedReport(Buffer.from(''))).toBe(false);
  });
});

describe('the progress line', () => {
  it('draws only after a second, at most ten times a second, and clears itself', () => {
    let t = 0;
    const out: string[] = [];
    const p = progressLine(
      (s) => out.push(s),
      true,
      () => t,
    );
    p.update('hashing', 10, 100);
    t = 1001;
    p.update('hashing', 50, 100);
    t = 1050;
    p.update('hashing', 60, 100);
    t = 1200;
    p.update('bundling', 2 * 1024 * 1024, 4 * 1024 * 1024);
    p.end();
    expect(out).toEqual([
      '\r\x1b[2Kperfgate: hashing 50 B of 100 B (50%)',
      '\r\x1b[2Kperfgate: bundling 2.0 MiB of 4.0 MiB (50%)',
      '\r\x1b[2K',
    ]);
  });

  it('writes nothing when disabled (not a terminal, or --json)', () => {
    let t = 0;
    const out: string[] = [];
    const p = progressLine(
      (s) => out.push(s),
      false,
      () => (t += 5000),
    );
    p.update('hashing', 1, 2);
    p.end();
    expect(out).toEqual([]);
  });
});
