/**
 * Strict zips, as a property (ARTIFACTS.md, "Integrity"): a real bundle that perfgate writes for
 * the fixture cycle, mutated (byte edits, local entries hidden inside a data descriptor's span,
 * between entries or before the central directory, data descriptors rewritten, extra fields added,
 * flags and methods flipped, fields of the headers and end record edited), must either be rejected
 * by `perfgate verify`, or yield exactly the cycle's files (names and bytes) under three readers
 * that perfgate does not contain: Python's zipfile and Info-ZIP unzip (central directory) and
 * Java's ZipInputStream (a streaming reader, local headers only).
 *
 * The mutations come from fast-check with a fixed seed (FC_SEED replays another); each reader runs
 * once per batch. 300 mutations by default; PERFGATE_FULL=1 runs 5,000. A failure prints the seed,
 * the mutation's number and the mutation itself. Without `java` the streaming leg is skipped
 * (visibly, as a skipped test), never in CI.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/evidence/zip-checks.ts';
import { verifyBundle } from '../../src/core/verify/index.ts';
import { runCli } from '../helpers/cli.ts';
import { fcSeed } from '../helpers/seed.ts';
import { inCi } from '../helpers/skip.ts';
import {
  fileLines,
  hasJava,
  readWithJava,
  readWithPython,
  readWithUnzip,
  type ReaderResult,
} from '../helpers/zip-readers.ts';
import { freshCycle, removeTemporaries, reportArgs, scratchDir } from '../emit/helpers.ts';
import {
  buildZip,
  CENTRAL,
  descriptorBytes,
  extraField,
  LOCAL,
  parseZip,
  type LocalRecord,
  type ZipModel,
} from './zip-model.ts';

afterAll(removeTemporaries);

const SEED = fcSeed(20261208);
const RUNS = process.env.PERFGATE_FULL === '1' ? 5000 : 300;
const TARGET = 'optimization-validation-report.json';
const FORGED = Buffer.from('{"cycle_id": "forged", "status": "approved"}\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// ------------------------------------------------------------------ mutations

type Where = 'local' | 'central' | 'both';
interface Hidden {
  name: 'existing' | 'new';
  method: 0 | 8;
  descriptor: boolean;
}
type Extra =
  | { kind: 'zip64'; values: 'exact' | 'zero' | 'off-by-one' | 'short'; mark: boolean }
  | { kind: 'unicode-name'; same: boolean }
  | { kind: 'timestamp' }
  | { kind: 'unknown'; id: number; length: number }
  | { kind: 'overrun' };
type Op =
  | { op: 'bytes'; edits: { at: number; xor: number }[] }
  | {
      op: 'hide-in-span';
      entry: number;
      inner: 'none' | 'signed' | 'unsigned';
      hidden: Hidden | null;
      garbage: number;
      fixCentral: boolean;
      fixDescriptor: boolean;
    }
  | { op: 'hide-between'; at: number; hidden: Hidden }
  | {
      op: 'descriptor';
      entry: number;
      field: 'none' | 'crc' | 'csize' | 'usize';
      delta: number;
      signature: 'keep' | 'toggle';
      zip64: boolean;
    }
  | { op: 'extra'; entry: number; where: Where; field: Extra; replace: boolean }
  | { op: 'flag'; entry: number; where: Where; bit: number }
  | { op: 'method'; entry: number; where: Where; method: number }
  | {
      op: 'local-field';
      entry: number;
      field: 'crc' | 'csize' | 'usize';
      value: 'zero' | 'central' | 'mark' | 'plus-one';
    }
  | { op: 'truncate'; entry: number; cut: number; fix: boolean }
  | {
      op: 'central-field';
      entry: number;
      field: 'versionNeeded' | 'versionMadeBy' | 'disk' | 'internal' | 'external' | 'time' | 'comment';
      value: number;
    }
  | { op: 'swap-central'; a: number; b: number }
  | { op: 'end-record'; field: 'disk' | 'cdDisk' | 'thisDisk' | 'total' | 'size' | 'offset'; delta: number };

const entry = fc.nat({ max: 1000 });
const where = fc.constantFrom<Where>('local', 'central', 'both');
const hidden: fc.Arbitrary<Hidden> = fc.record({
  name: fc.constantFrom('existing' as const, 'new' as const),
  method: fc.constantFrom(0 as const, 8 as const),
  descriptor: fc.boolean(),
});
const extra: fc.Arbitrary<Extra> = fc.oneof(
  fc.record({
    kind: fc.constant('zip64' as const),
    values: fc.constantFrom('exact' as const, 'zero' as const, 'off-by-one' as const, 'short' as const),
    mark: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('unicode-name' as const), same: fc.boolean() }),
  fc.record({ kind: fc.constant('timestamp' as const) }),
  fc.record({
    kind: fc.constant('unknown' as const),
    id: fc.integer({ min: 0x6000, max: 0xfff0 }),
    length: fc.nat({ max: 8 }),
  }),
  fc.record({ kind: fc.constant('overrun' as const) }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('bytes' as const),
    edits: fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({
    op: fc.constant('hide-in-span' as const),
    entry,
    inner: fc.constantFrom('none' as const, 'signed' as const, 'unsigned' as const),
    hidden: fc.option(hidden, { nil: null }),
    garbage: fc.nat({ max: 8 }),
    fixCentral: fc.boolean(),
    fixDescriptor: fc.boolean(),
  }),
  fc.record({ op: fc.constant('hide-between' as const), at: fc.nat(), hidden }),
  fc.record({
    op: fc.constant('descriptor' as const),
    entry,
    field: fc.constantFrom('none' as const, 'crc' as const, 'csize' as const, 'usize' as const),
    delta: fc.oneof(fc.constantFrom(-1, 1, 2), fc.integer({ min: 1, max: 0x7fffffff })),
    signature: fc.constantFrom('keep' as const, 'toggle' as const),
    zip64: fc.boolean(),
  }),
  fc.record({ op: fc.constant('extra' as const), entry, where, field: extra, replace: fc.boolean() }),
  fc.record({
    op: fc.constant('flag' as const),
    entry,
    where,
    bit: fc.constantFrom(0, 1, 2, 3, 5, 6, 11, 13),
  }),
  fc.record({
    op: fc.constant('method' as const),
    entry,
    where,
    method: fc.constantFrom(0, 8, 9, 12, 14, 99),
  }),
  fc.record({
    op: fc.constant('local-field' as const),
    entry,
    field: fc.constantFrom('crc' as const, 'csize' as const, 'usize' as const),
    value: fc.constantFrom('zero' as const, 'central' as const, 'mark' as const, 'plus-one' as const),
  }),
  fc.record({
    op: fc.constant('truncate' as const),
    entry,
    cut: fc.integer({ min: 1, max: 64 }),
    fix: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('central-field' as const),
    entry,
    field: fc.constantFrom(
      'versionNeeded' as const,
      'versionMadeBy' as const,
      'disk' as const,
      'internal' as const,
      'external' as const,
      'time' as const,
      'comment' as const,
    ),
    value: fc.nat(),
  }),
  fc.record({ op: fc.constant('swap-central' as const), a: entry, b: entry }),
  fc.record({
    op: fc.constant('end-record' as const),
    field: fc.constantFrom(
      'disk' as const,
      'cdDisk' as const,
      'thisDisk' as const,
      'total' as const,
      'size' as const,
      'offset' as const,
    ),
    delta: fc.constantFrom(-1, 1, 46),
  }),
);

const mutation = fc.array(op, { minLength: 1, maxLength: 3 });

function hiddenEntry(h: Hidden): Buffer {
  const name = Buffer.from(h.name === 'existing' ? TARGET : 'forged/extra.json');
  const body = h.method === 8 ? deflateRawSync(FORGED) : FORGED;
  const crc = crc32(FORGED);
  const fixed = Buffer.alloc(30);
  fixed.writeUInt32LE(0x04034b50, 0);
  fixed.writeUInt16LE(20, 4);
  fixed.writeUInt16LE(0x800 | (h.descriptor ? 8 : 0), LOCAL.flags);
  fixed.writeUInt16LE(h.method, LOCAL.method);
  fixed.writeUInt16LE(0x21, 12);
  if (!h.descriptor) {
    fixed.writeUInt32LE(crc, LOCAL.crc);
    fixed.writeUInt32LE(body.length, LOCAL.csize);
    fixed.writeUInt32LE(FORGED.length, LOCAL.usize);
  }
  fixed.writeUInt16LE(name.length, LOCAL.nameLen);
  const dd = h.descriptor
    ? descriptorBytes(crc, body.length, FORGED.length, { signed: true, zip64: false })
    : Buffer.alloc(0);
  return Buffer.concat([fixed, name, body, dd]);
}

/** Rewrites an entry's descriptor from its central record, in the same form (signed, zip64) as before. */
function rewriteDescriptor(model: ZipModel, e: number): void {
  const c = model.central[e]!;
  const local = model.parts[c.local] as LocalRecord;
  if (local.descriptor.length === 0) return;
  const signed = local.descriptor.readUInt32LE(0) === 0x08074b50;
  local.descriptor = descriptorBytes(
    c.fixed.readUInt32LE(CENTRAL.crc),
    c.fixed.readUInt32LE(CENTRAL.csize),
    c.fixed.readUInt32LE(CENTRAL.usize),
    { signed, zip64: local.descriptor.length - (signed ? 4 : 0) === 20 },
  );
}

/** Applies one mutation to the pristine bundle; byte edits and end-record edits land on the rebuilt bytes. */
function mutate(pristine: Buffer, ops: readonly Op[]): Buffer {
  const model = parseZip(pristine);
  const n = model.central.length;
  const pick = (i: number) => {
    const c = model.central[i % n]!;
    return { c, e: i % n, local: model.parts[c.local] as LocalRecord };
  };
  const headers = (w: Where, local: LocalRecord, c: { fixed: Buffer }) =>
    [
      ...(w !== 'central' ? [{ fixed: local.fixed, at: LOCAL }] : []),
      ...(w !== 'local' ? [{ fixed: c.fixed, at: CENTRAL }] : []),
    ] as { fixed: Buffer; at: typeof LOCAL }[];
  const late: ((zip: Buffer) => void)[] = [];
  for (const o of ops) {
    switch (o.op) {
      case 'bytes':
        late.push((zip) => {
          for (const e of o.edits) zip[e.at % zip.length]! ^= e.xor;
        });
        break;
      case 'hide-in-span': {
        const { c, e, local } = pick(o.entry);
        const crc = c.fixed.readUInt32LE(CENTRAL.crc);
        const usize = c.fixed.readUInt32LE(CENTRAL.usize);
        const added = Buffer.concat([
          o.inner === 'none'
            ? Buffer.alloc(0)
            : descriptorBytes(crc, local.data.length, usize, { signed: o.inner === 'signed', zip64: false }),
          o.hidden ? hiddenEntry(o.hidden) : Buffer.alloc(0),
          Buffer.alloc(o.garbage, 0x5a),
        ]);
        local.data = Buffer.concat([local.data, added]);
        if (o.fixCentral) c.fixed.writeUInt32LE(local.data.length, CENTRAL.csize);
        if (o.fixDescriptor) rewriteDescriptor(model, e);
        break;
      }
      case 'hide-between': {
        const at = o.at % (model.parts.length + 1);
        model.parts.splice(at, 0, { kind: 'raw', bytes: hiddenEntry(o.hidden) });
        for (const c of model.central) if (c.local >= at) c.local += 1;
        break;
      }
      case 'descriptor': {
        const { c, local } = pick(o.entry);
        const signedNow = local.descriptor.length > 0 && local.descriptor.readUInt32LE(0) === 0x08074b50;
        const value = (at: number, field: string) =>
          (c.fixed.readUInt32LE(at) + (o.field === field ? o.delta : 0)) >>> 0;
        local.descriptor = descriptorBytes(
          value(CENTRAL.crc, 'crc'),
          value(CENTRAL.csize, 'csize'),
          value(CENTRAL.usize, 'usize'),
          {
            signed: o.signature === 'keep' ? signedNow || local.descriptor.length === 0 : !signedNow,
            zip64: o.zip64,
          },
        );
        break;
      }
      case 'extra': {
        const { c, local } = pick(o.entry);
        for (const h of headers(o.where, local, c)) {
          const isLocal = h.at === LOCAL;
          const bytes = extraBytes(o.field, c);
          const target = isLocal ? local : c;
          target.extra = o.replace ? bytes : Buffer.concat([target.extra, bytes]);
          if (o.field.kind === 'zip64' && o.field.mark) {
            h.fixed.writeUInt32LE(0xffffffff, h.at.csize);
            h.fixed.writeUInt32LE(0xffffffff, h.at.usize);
          }
        }
        break;
      }
      case 'flag': {
        const { c, local } = pick(o.entry);
        for (const h of headers(o.where, local, c))
          h.fixed.writeUInt16LE(h.fixed.readUInt16LE(h.at.flags) ^ (1 << o.bit), h.at.flags);
        break;
      }
      case 'method': {
        const { c, local } = pick(o.entry);
        for (const h of headers(o.where, local, c)) h.fixed.writeUInt16LE(o.method, h.at.method);
        break;
      }
      case 'local-field': {
        const { c, local } = pick(o.entry);
        const at = LOCAL[o.field];
        const central = c.fixed.readUInt32LE(CENTRAL[o.field]);
        const value = { zero: 0, central, mark: 0xffffffff, 'plus-one': (central + 1) >>> 0 }[o.value];
        local.fixed.writeUInt32LE(value, at);
        break;
      }
      case 'truncate': {
        const { c, e, local } = pick(o.entry);
        local.data = local.data.subarray(0, Math.max(0, local.data.length - o.cut));
        if (o.fix) {
          c.fixed.writeUInt32LE(local.data.length, CENTRAL.csize);
          rewriteDescriptor(model, e);
        }
        break;
      }
      case 'central-field': {
        const { c } = pick(o.entry);
        const f = c.fixed;
        if (o.field === 'versionNeeded') f.writeUInt16LE([10, 20, 45, 46, 51, 63, 99][o.value % 7]!, 6);
        else if (o.field === 'versionMadeBy') f.writeUInt8([0, 3, 10, 11, 19][o.value % 5]!, 5);
        else if (o.field === 'disk') f.writeUInt16LE(1 + (o.value % 3), 34);
        else if (o.field === 'internal') f.writeUInt16LE(o.value & 0xffff, 36);
        else if (o.field === 'external')
          f.writeUInt32LE(
            [0x10, 0o040755 << 16, 0o100755 << 16, (0o100644 << 16) | 0x10, o.value][o.value % 5]! >>> 0,
            38,
          );
        else if (o.field === 'time') f.writeUInt32LE(o.value >>> 0, 12);
        else c.comment = Buffer.from(`comment ${o.value}`);
        break;
      }
      case 'swap-central': {
        const a = o.a % n;
        const b = o.b % n;
        [model.central[a], model.central[b]] = [model.central[b]!, model.central[a]!];
        break;
      }
      case 'end-record': {
        const at = { disk: 4, cdDisk: 6, thisDisk: 8, total: 10, size: 12, offset: 16 }[o.field];
        late.push((zip) => {
          const eocd = zip.length - 22;
          if (at < 12) zip.writeUInt16LE((zip.readUInt16LE(eocd + at) + o.delta) & 0xffff, eocd + at);
          else zip.writeUInt32LE((zip.readUInt32LE(eocd + at) + o.delta) >>> 0, eocd + at);
        });
        break;
      }
    }
  }
  const zip = buildZip(model);
  for (const f of late) f(zip);
  return zip;
}

function extraBytes(x: Extra, c: { fixed: Buffer; name: Buffer }): Buffer {
  const usize = BigInt(c.fixed.readUInt32LE(CENTRAL.usize));
  const csize = BigInt(c.fixed.readUInt32LE(CENTRAL.csize));
  switch (x.kind) {
    case 'zip64': {
      const v = { exact: [usize, csize], zero: [0n, 0n], 'off-by-one': [usize + 1n, csize], short: [usize] }[
        x.values
      ];
      const data = Buffer.alloc(v.length * 8);
      v.forEach((n, i) => data.writeBigUInt64LE(n, i * 8));
      return extraField(0x0001, data);
    }
    case 'unicode-name': {
      const name = x.same ? c.name : Buffer.from(TARGET);
      const head = Buffer.alloc(5);
      head.writeUInt8(1, 0);
      head.writeUInt32LE(crc32(c.name), 1);
      return extraField(0x7075, Buffer.concat([head, name]));
    }
    case 'timestamp':
      return extraField(0x5455, Buffer.from([1, 0, 0, 0, 0]));
    case 'unknown':
      return extraField(x.id, Buffer.alloc(x.length, 0xa5));
    case 'overrun':
      return Buffer.from([0x99, 0x99, 0x40, 0x00, 1, 2]);
  }
}

// ------------------------------------------------------------------ the run

interface Case {
  index: number;
  ops: Op[];
  file: string;
  accepted: boolean;
  problems: { kind: string; path: string; message: string }[];
  python?: ReaderResult;
  unzip?: ReaderResult;
  java?: ReaderResult;
}

let expected: string[];
let pristinePath: string;
let pristine: { python: ReaderResult; unzip: ReaderResult; java?: ReaderResult };
const cases: Case[] = [];
const runJava = hasJava || inCi;

beforeAll(
  async () => {
    const c = await freshCycle();
    const run = await runCli(reportArgs(c));
    expect(run.code, run.stderr).toBe(0);
    pristinePath = path.join(c.dir, 'performance-evidence-bundle.zip');
    const bytes = await readFile(pristinePath);
    // The original files: the manifest's list plus the manifest, with the bytes on disk.
    const manifest = JSON.parse(await readFile(path.join(c.dir, 'evidence-manifest.json'), 'utf8')) as {
      files: { path: string }[];
    };
    const names = [...manifest.files.map((f) => f.path), 'evidence-manifest.json'];
    // SHA256SUMS exists only inside the bundle: taken out with unzip, it must pass `sha256sum -c`
    // over the cycle's files and list every one of them.
    const sums = execFileSync('unzip', ['-p', pristinePath, 'SHA256SUMS']);
    await writeFile(path.join(c.dir, 'SHA256SUMS'), sums);
    execFileSync('sha256sum', ['-c', '--strict', '--quiet', 'SHA256SUMS'], { cwd: c.dir });
    expect(sums.toString('utf8').trim().split('\n')).toHaveLength(names.length);
    expected = fileLines(
      await Promise.all(
        [...names, 'SHA256SUMS'].map(async (name) => ({
          name,
          sha256: sha(await readFile(path.join(c.dir, name))),
        })),
      ),
    );

    const dir = await scratchDir('zip-mutations');
    await mkdir(path.join(dir, 'zips'));
    const samples = fc.sample(mutation, { seed: SEED, numRuns: RUNS });
    for (const [index, ops] of samples.entries()) {
      const file = path.join(dir, 'zips', `${String(index).padStart(5, '0')}.zip`);
      await writeFile(file, mutate(bytes, ops));
      const report = await verifyBundle(file, DEFAULT_LIMITS);
      cases.push({ index, ops, file, accepted: report.problems.length === 0, problems: report.problems });
    }
    const files = [pristinePath, ...cases.map((k) => k.file)];
    const python = await readWithPython(files);
    const java = runJava ? await readWithJava(files) : undefined;
    pristine = {
      python: python.get(pristinePath)!,
      unzip: await readWithUnzip(pristinePath, path.join(dir, 'out')),
      java: java?.get(pristinePath),
    };
    for (const k of cases) {
      k.python = python.get(k.file);
      k.java = java?.get(k.file);
      k.unzip = await readWithUnzip(k.file, path.join(dir, 'out'));
    }
    const same = (r?: ReaderResult) => r?.ok === true && sameFiles(r);
    const accepted = cases.filter((k) => k.accepted).length;
    const fooled = cases.filter(
      (k) => !k.accepted && [k.python, k.unzip, k.java].some((r) => r?.ok === true && !same(r)),
    );
    console.log(
      `zip mutations, seed ${SEED}: ${cases.length} tried, ${accepted} accepted, ${cases.length - accepted} rejected; ` +
        `of the rejected, ${fooled.length} would have shown some reader other files than the cycle's` +
        ` (${fooled.filter((k) => k.java?.ok && !same(k.java)).length} the streaming reader)` +
        (runJava ? '' : '; streaming leg SKIPPED (no java)'),
    );
  },
  Math.max(240_000, RUNS * 100),
);

function sameFiles(r: ReaderResult): boolean {
  return r.ok && JSON.stringify(fileLines(r.files)) === JSON.stringify(expected);
}

/** The failures of one reader over the accepted mutations, each with what replays it. */
function misreads(reader: 'python' | 'unzip' | 'java'): string[] {
  return cases
    .filter((k) => k.accepted && !(k[reader] && sameFiles(k[reader])))
    .map(
      (k) =>
        `seed ${SEED} (FC_SEED=${SEED} replays it), mutation #${k.index} ${JSON.stringify(k.ops)}: perfgate accepted it, ` +
        `${reader} read ${seen(k[reader])}`,
    );
}

/** What a reader got, as the lines missing from and added to the cycle's files (or its error). */
function seen(r: ReaderResult | undefined): string {
  if (!r?.ok) return JSON.stringify(r ?? 'nothing');
  const got = fileLines(r.files);
  return JSON.stringify({
    missing: expected.filter((l) => !got.includes(l)),
    added: got.filter((l) => !expected.includes(l)),
    count: got.length,
  });
}

describe(`zip mutations of a real bundle (fast-check, seed ${SEED}, ${RUNS} runs)`, () => {
  it('the unmutated bundle verifies and every reader yields the cycle files', async () => {
    expect(expected.length).toBeGreaterThan(10);
    expect((await verifyBundle(pristinePath, DEFAULT_LIMITS)).problems).toEqual([]);
    expect(pristine.python.ok && fileLines(pristine.python.files)).toEqual(expected);
    expect(pristine.unzip.ok && fileLines(pristine.unzip.files)).toEqual(expected);
    if (runJava) expect(pristine.java?.ok && fileLines(pristine.java.files)).toEqual(expected);
  });

  it('perfgate judges every mutation without throwing, naming what it rejects', () => {
    expect(cases).toHaveLength(RUNS);
    for (const k of cases)
      for (const p of k.problems) {
        expect(p.path.length, JSON.stringify(p)).toBeGreaterThan(0);
        expect(p.message.length, JSON.stringify(p)).toBeGreaterThan(0);
      }
    // Both outcomes occur: a property whose mutations were all rejected would prove little.
    expect(cases.some((k) => k.accepted)).toBe(true);
    expect(cases.some((k) => !k.accepted)).toBe(true);
  });

  it('rejects every local entry hidden inside an entry, between entries or before the central directory', () => {
    // (A truncation in the same mutation may cut the hidden bytes off again: those are left out.)
    const hiding = cases.filter(
      (k) =>
        !k.ops.some((o) => o.op === 'truncate') &&
        k.ops.some(
          (o) =>
            (o.op === 'hide-in-span' && (o.hidden || o.inner !== 'none' || o.garbage > 0)) ||
            o.op === 'hide-between',
        ),
    );
    expect(hiding.length).toBeGreaterThan(RUNS / 20);
    expect(hiding.filter((k) => k.accepted).map((k) => `#${k.index} ${JSON.stringify(k.ops)}`)).toEqual([]);
  });

  it("every accepted mutation yields exactly the cycle's files under Python's zipfile", () => {
    expect(misreads('python')).toEqual([]);
  });

  it("every accepted mutation yields exactly the cycle's files under Info-ZIP unzip", () => {
    expect(misreads('unzip')).toEqual([]);
  });

  it.skipIf(!runJava)(
    "every accepted mutation yields exactly the cycle's files under a streaming reader (Java ZipInputStream)",
    () => {
      expect(misreads('java')).toEqual([]);
    },
  );
});
