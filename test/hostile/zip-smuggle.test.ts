/**
 * The red team's attack on strict zips, built by hand: a deflated entry with a data descriptor
 * (flag bit 3) whose central-directory compressed size spans its real deflate stream, a descriptor
 * for that stream, and a whole hidden local entry `optimization-validation-report.json` with forged
 * content; a correct descriptor (for the whole span) follows. Readers of the central directory see
 * the real report; a streaming reader inflates to the end of the stream, takes the inner descriptor
 * and then reads the hidden entry. The test shows both with real readers (Python's zipfile, Java's
 * ZipInputStream), then that `perfgate verify` rejects the bundle naming the entry. Beside it, one
 * hand-built case per rule of the local header, the data descriptor and the end record.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE } from '../helpers/cli.ts';
import { inCi } from '../helpers/skip.ts';
import { hasJava, readWithJava, readWithPython, type ReaderResult } from '../helpers/zip-readers.ts';
import { removeTemporaries, scratchDir } from '../emit/helpers.ts';
import { tilingProblems } from '../../src/core/evidence/zip-tiling.ts';
import { bundle, dataDescriptor, localEntry, type RawEntry } from './zips.ts';

afterAll(removeTemporaries);

const TARGET = 'optimization-validation-report.json';
const CARRIER = 'hypothesis-log.md';
const REAL = Buffer.from('{"cycle_id": "hostile", "status": "failed", "p99_ms": 840}\n');
const FORGED = Buffer.from('{"cycle_id": "hostile", "status": "passed", "p99_ms": 120}\n');
const NOTES = Buffer.from(
  '# Hypotheses\n\n' + '- H-1: the checkout cache misses on every cold start.\n'.repeat(40),
);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The attack: the carrier's span holds its stream, a descriptor for the stream alone, and the hidden entry. */
function smuggled(): Buffer {
  const stream = deflateRawSync(NOTES);
  const carrier: RawEntry = {
    name: CARRIER,
    data: NOTES,
    method: 8,
    descriptor: {},
    smuggle: Buffer.concat([
      dataDescriptor(crc32(NOTES), stream.length, NOTES.length),
      localEntry(TARGET, FORGED),
    ]),
  };
  return bundle([carrier, { name: TARGET, data: REAL, method: 8 }]);
}

let dir: string;
let attack: string;

beforeAll(async () => {
  dir = await scratchDir('zip-smuggle');
  attack = path.join(dir, 'attack.zip');
  await writeFile(attack, smuggled());
});

const files = (r: ReaderResult | undefined) => (r?.ok ? r.files : []);

describe('an entry hidden inside a data descriptor span (the red team attack)', () => {
  it('is real: a central-directory reader sees the real report', async () => {
    const python = (await readWithPython([attack])).get(attack);
    expect(python?.ok, JSON.stringify(python)).toBe(true);
    expect(files(python).map((f) => f.name)).toEqual([
      CARRIER,
      TARGET,
      'evidence-manifest.json',
      'SHA256SUMS',
    ]);
    expect(files(python).find((f) => f.name === TARGET)?.sha256).toBe(sha(REAL));
    expect(files(python).find((f) => f.name === CARRIER)?.sha256).toBe(sha(NOTES));
  });

  it.skipIf(!hasJava && !inCi)(
    'is real: a streaming reader (Java ZipInputStream) yields the forged report',
    async () => {
      const java = (await readWithJava([attack])).get(attack);
      expect(java?.ok, JSON.stringify(java)).toBe(true);
      expect(files(java)).toEqual([
        { name: CARRIER, sha256: sha(NOTES) },
        { name: TARGET, sha256: sha(FORGED) },
      ]);
    },
  );

  it('perfgate verify rejects it, naming the carrier entry and the hidden bytes', async () => {
    const run = await runCli(['verify', attack, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    const problems = run.json().problems as { kind: string; path: string; message: string }[];
    const hit = problems.find((p) => p.path === CARRIER);
    expect(hit, JSON.stringify(problems)).toMatchObject({ kind: 'corrupt' });
    // What the hand-built bytes hold: the stream, then 16 + the hidden entry's bytes in the span.
    const stream = deflateRawSync(NOTES).length;
    const hidden = dataDescriptor(0, 0, 0).length + localEntry(TARGET, FORGED).length;
    expect(hit!.message).toBe(
      `deflate stream ends after ${stream} of the ${stream + hidden} compressed bytes the entry declares: ` +
        `${hidden} bytes hidden after it (a streaming reader takes them for more entries); ` +
        'expected the stream to fill the entry exactly',
    );
    // The real report is read and matches the manifest: only the carrier is blamed.
    expect(problems.filter((p) => p.path === TARGET)).toEqual([]);
  });
});

// ------------------------------------------------------------------ one case per rule

const ok: RawEntry = { name: 'ok.txt', data: Buffer.from('fine\n') };
const text = Buffer.from('line of evidence\n'.repeat(50));
const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
const zip64Field = (values: bigint[]) =>
  Buffer.concat([
    u16(1),
    u16(values.length * 8),
    ...values.map((v) => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(v);
      return b;
    }),
  ]);

interface RuleCase {
  rule: string;
  zip: () => Buffer;
  /** The problem expected for `e.txt`, or null when the zip is acceptable. */
  kind: string | null;
  message?: RegExp;
  path?: string;
}

const e = (over: Partial<RawEntry>): RawEntry => ({ name: 'e.txt', data: text, method: 8, ...over });

const RULES: RuleCase[] = [
  {
    rule: 'a descriptor whose CRC-32 differs from the central directory',
    zip: () => bundle([ok, e({ descriptor: { crc: 0x12345678 } })]),
    kind: 'size-mismatch',
    message: /^data descriptor declares .*CRC 0x12345678.*; expected the same$/,
  },
  {
    rule: 'a descriptor whose compressed size differs',
    zip: () => bundle([ok, e({ descriptor: { compressedSize: 3 } })]),
    kind: 'size-mismatch',
    message: /^data descriptor declares 850 bytes \(3 compressed/,
  },
  {
    rule: 'a descriptor whose uncompressed size differs',
    zip: () => bundle([ok, e({ descriptor: { uncompressedSize: 851 } })]),
    kind: 'size-mismatch',
    message: /^data descriptor declares 851 bytes/,
  },
  {
    rule: 'a correct descriptor without its optional signature (accepted)',
    zip: () => bundle([ok, e({ descriptor: { signed: false } })]),
    kind: null,
  },
  {
    rule: 'local sizes before a descriptor that are neither 0 nor the central directory sizes',
    zip: () => bundle([ok, e({ descriptor: {}, local: { compressedSize: 7 } })]),
    kind: 'size-mismatch',
    message: /^local header declares .*\(7 compressed.*or 0 before a data descriptor$/,
  },
  {
    rule: 'local header and central directory on different compression methods',
    zip: () => bundle([ok, e({ local: { method: 0 } })]),
    kind: 'corrupt',
    message:
      /^local header declares compression method 0, the central directory 8; expected the same method$/,
  },
  {
    rule: 'the data descriptor flag only in the central directory',
    zip: () => bundle([ok, e({ descriptor: {}, local: { flags: 0x800 } })]),
    kind: 'corrupt',
    message: /^local header flags 0x0800 differ from the central directory's 0x0808 \(bits 0x0008/,
  },
  {
    rule: 'the encryption flag only in the local header',
    zip: () => bundle([ok, e({ local: { flags: 0x801 } })]),
    kind: 'corrupt',
    message: /flags 0x0801 differ from the central directory's 0x0800 \(bits 0x0001/,
  },
  {
    rule: 'the UTF-8 flag only in the central directory',
    zip: () => bundle([ok, e({ local: { flags: 0 } })]),
    kind: 'corrupt',
    message: /flags 0x0000 differ from the central directory's 0x0800 \(bits 0x0800/,
  },
  {
    rule: 'a local zip64 field on a small entry with a descriptor',
    zip: () => bundle([ok, e({ descriptor: {}, local: { extra: zip64Field([0n, 0n]) } })]),
    kind: 'corrupt',
    message: /zip64 extra field on an entry under 4 GiB that has a data descriptor/,
  },
  {
    rule: 'a local zip64 field whose sizes differ from the central directory',
    zip: () => bundle([ok, e({ local: { extra: zip64Field([850n, 9n]) } })]),
    kind: 'size-mismatch',
    message:
      /^local header zip64 extra field declares 850 bytes \(9 compressed\), the central directory 850 bytes/,
  },
  {
    rule: 'a local zip64 field with the central directory sizes, without a descriptor (accepted)',
    zip: () => {
      const deflated = BigInt(deflateRawSync(text).length);
      return bundle([ok, e({ local: { extra: zip64Field([BigInt(text.length), deflated]) } })]);
    },
    kind: null,
  },
  {
    rule: 'two zip64 fields in the central directory record',
    zip: () => bundle([ok, e({ centralExtra: Buffer.concat([zip64Field([1n]), zip64Field([2n])]) })]),
    kind: 'corrupt',
    message: /^central directory record carries more than one zip64 extra field/,
  },
  {
    rule: 'an Info-ZIP Unicode name field, even one repeating the name',
    zip: () => {
      const name = Buffer.from('e.txt');
      const head = Buffer.alloc(5);
      head.writeUInt8(1, 0);
      head.writeUInt32LE(crc32(name), 1);
      const field = Buffer.concat([u16(0x7075), u16(5 + name.length), head, name]);
      return bundle([ok, e({ centralExtra: field })]);
    },
    kind: 'unsupported',
    message: /Info-ZIP Unicode name field, which readers take differently; expected none$/,
  },
  {
    rule: 'the patched-data flag (bit 5), which Python refuses',
    zip: () => bundle([ok, e({ flags: 0x820 })]),
    kind: 'unsupported',
    message: /^entry sets general-purpose flags 0x0020/,
  },
  {
    rule: 'a version needed to extract above 4.5',
    zip: () => bundle([ok, e({ versionNeeded: 63 })]),
    kind: 'unsupported',
    message: /^entry needs zip version 6\.3 to extract; expected at most 4\.5/,
  },
  {
    rule: 'a deflate stream that never reaches its final block (truncated)',
    zip: () => bundle([ok, e({ compressed: deflateRawSync(text, { finishFlush: constants.Z_SYNC_FLUSH }) })]),
    kind: 'corrupt',
    message: /^deflate stream is truncated: its \d+ compressed bytes end before its final block$/,
  },
  {
    rule: 'bytes after the final deflate block inside the span, without a descriptor',
    zip: () => bundle([ok, e({ smuggle: Buffer.from('tail') })]),
    kind: 'corrupt',
    message: /bytes hidden after it/,
  },
  {
    rule: 'an end record whose central directory size lies',
    zip: () => {
      const zip = bundle([ok, e({})]);
      zip.writeUInt32LE(zip.readUInt32LE(zip.length - 10) + 1, zip.length - 10);
      return zip;
    },
    kind: 'corrupt',
    path: '(file)',
    message:
      /^the end of central directory record does not describe the central directory: central directory size \d+ \(expected \d+\)$/,
  },
];

describe('strict zips, one rule at a time', () => {
  for (const c of RULES) {
    it(`${c.kind ? 'rejects' : 'accepts'} ${c.rule}`, async () => {
      const file = path.join(dir, `${c.rule.replace(/\W+/g, '-')}.zip`);
      await writeFile(file, c.zip());
      const run = await runCli(['verify', file, '--json']);
      expect(run.stderr).not.toMatch(STACK_TRACE);
      const problems = run.json().problems as { kind: string; path: string; message: string }[];
      if (!c.kind) {
        expect(problems).toEqual([]);
        expect(run.code).toBe(0);
        return;
      }
      expect(run.code).toBe(1);
      const where = c.path === '(file)' ? file : (c.path ?? 'e.txt');
      const hit = problems.find((p) => p.path === where && p.kind === c.kind && c.message!.test(p.message));
      expect(hit, JSON.stringify(problems, null, 1)).toBeDefined();
      expect(problems.filter((p) => p.path === 'ok.txt')).toEqual([]);
    });
  }
});

describe('tiling around data descriptors', () => {
  it('names an entry that starts inside the previous entry’s data descriptor', async () => {
    // Two spans as zip-read measures them: `a` has data up to 100 and a 16-byte descriptor, `b`
    // starts at 108. No real zip under 64 MiB can do this (the descriptor would be read from b's
    // header), so the layout is given directly; its end record describes the directory exactly.
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(2, 8);
    eocd.writeUInt16LE(2, 10);
    eocd.writeUInt32LE(50, 12);
    eocd.writeUInt32LE(200, 16);
    const problems = await tilingProblems(
      [
        { name: 'a', start: 0, dataEnd: 100, end: 116 },
        { name: 'b', start: 108, dataEnd: 200, end: 200 },
      ],
      {
        fileSize: 272,
        centralDirectoryStart: 200,
        centralDirectoryEnd: 250,
        commentLength: 0,
        entryCount: 2,
        readAt: async (position, length) => (position === 250 ? eocd.subarray(0, length) : Buffer.alloc(0)),
      },
      'x.zip',
    );
    expect(problems).toEqual([
      {
        kind: 'not-tiled',
        path: 'b',
        message: 'entry starts at offset 108, inside the data descriptor of entry `a`',
      },
    ]);
  });
});
