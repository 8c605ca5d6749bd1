/**
 * perfgate's own bundle is read the same by every kind of zip reader: Python's zipfile and unzip
 * (central directory) and Java's ZipInputStream (local headers only), including a stored entry over
 * 256 KiB, which must carry its CRC-32 and sizes in its local header (Java refuses a stored entry
 * with a data descriptor), a deflated one, and a non-ASCII name. The SHA-256 of every file each
 * reader yields is `sha256sum`'s of the file in the cycle.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/cli.ts';
import { hasJava, readWithJava, readWithPython, readWithUnzip } from '../helpers/zip-readers.ts';

describe('the bundle as zip readers see it', () => {
  it('stored entries have no data descriptor; Python, unzip and Java yield every file with its digest', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-bundle-readers-'));
    await cp(path.join(FIXTURES, 'gates/pass'), root, { recursive: true });
    const cycle = path.join(root, 'protocol-18');
    await writeFile(path.join(cycle, 'diagnostics', 'flame-big.png'), randomBytes(700 * 1024));
    await writeFile(path.join(cycle, 'diagnostics', 'profile.pb.gz'), randomBytes(300 * 1024));
    // Deflated entries of many 64 KiB reads, no two reads alike: the bundle reuses one read buffer for
    // deflated entries, and a chunk overwritten before it was deflated would change the bytes.
    const rows = (from: number) =>
      Array.from({ length: 60_000 }, (_, i) => `${from + i},${((from + i) * 7919) % 100_003}\n`).join('');
    await writeFile(path.join(cycle, 'diagnostics', 'samples.csv'), `ts,ms\n${rows(0)}`);
    await writeFile(path.join(cycle, 'diagnostics', 'samples-2.csv'), `ts,ms\n${rows(60_000)}`);
    await writeFile(path.join(cycle, 'diagnostics', 'notes-é.md'), '# é\n');
    const r = await runCli([
      'report',
      '--artifacts',
      cycle,
      '--config',
      path.join(FIXTURES, 'defaults.yaml'),
      '--as-of',
      '2026-11-21T00:00:00Z',
    ]);
    expect(r.code).toBe(0);
    const zip = path.join(cycle, 'performance-evidence-bundle.zip');

    // Every stored entry: no descriptor flag, CRC and sizes in its local header (Python reads them).
    const layout = execFileSync(
      'python3',
      [
        '-c',
        `import sys,struct,zipfile
z=zipfile.ZipFile(sys.argv[1]); d=open(sys.argv[1],'rb').read()
for i in z.infolist():
    o=i.header_offset; sig,ver,flag,meth,t,crc,cs,us=struct.unpack('<IHHHIIII',d[o:o+26])
    print(i.filename, meth, flag & 8, crc == i.CRC and cs == i.compress_size and us == i.file_size)`,
        zip,
      ],
      { encoding: 'utf8' },
    );
    const entries = layout
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    const stored = entries.filter((x) => x[1] === '0');
    expect(stored.map((x) => x[0])).toEqual(['diagnostics/flame-big.png', 'diagnostics/profile.pb.gz']);
    for (const x of stored) expect(x.slice(2)).toEqual(['0', 'True']);
    for (const x of entries.filter((x) => x[1] === '8')) expect(x[2]).toBe('8');

    const manifest = JSON.parse(await readFile(path.join(cycle, 'evidence-manifest.json'), 'utf8'));
    const expected = new Map<string, string>([
      ...manifest.files.map((f: { path: string }) => [
        f.path,
        execFileSync('sha256sum', [path.join(cycle, f.path)], { encoding: 'utf8' }).split(' ')[0]!,
      ]),
    ]);
    const check = (files: { name: string; sha256: string }[]) => {
      for (const [name, sha] of expected) expect(files.find((f) => f.name === name)?.sha256, name).toBe(sha);
    };
    const py = (await readWithPython([zip])).get(zip)!;
    expect(py.ok).toBe(true);
    if (py.ok) check(py.files);
    const unzip = await readWithUnzip(zip, path.join(root, 'unzipped'));
    expect(unzip.ok).toBe(true);
    if (unzip.ok) check(unzip.files);
    if (hasJava) {
      const java = (await readWithJava([zip])).get(zip)!;
      expect(java).toMatchObject({ ok: true });
      if (java.ok) check(java.files);
    }
    const v = await runCli(['verify', zip]);
    expect(v.code).toBe(0);
  }, 120_000);
});
