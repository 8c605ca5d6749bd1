/**
 * The local header and the data descriptor of an entry against its central directory record.
 * A streaming reader (Java's ZipInputStream, libarchive) never sees the central directory: it
 * trusts the local header, inflates until the deflate stream ends and takes the descriptor that
 * follows. Every field such a reader acts on must therefore say what the central directory says,
 * or the two kinds of reader see different files.
 */
import type { Entry, LocalFileHeader } from 'yauzl';
import { unicodeNameProblems, versionProblems, type Problem } from './zip-checks.ts';

export const DATA_DESCRIPTOR_FLAG = 0x8;
export const ZIP64_MARK = 0xffffffff;
const ZIP64_EXTRA = 0x0001;
const DESCRIPTOR_SIG = 0x08074b50;

/** General-purpose flags, except the deflate speed hints (bits 1-2, which change nothing for a reader). */
const READ_FLAGS = 0xffff & ~0x0006;

export interface ExtraField {
  id: number;
  data: Buffer;
}

/** The extra fields of a header; `undefined` when their lengths do not tile the extra area exactly. */
export function parseExtraFields(raw: Buffer): ExtraField[] | undefined {
  const out: ExtraField[] = [];
  let i = 0;
  while (i < raw.length) {
    if (i + 4 > raw.length) return undefined;
    const size = raw.readUInt16LE(i + 2);
    if (i + 4 + size > raw.length) return undefined;
    out.push({ id: raw.readUInt16LE(i), data: raw.subarray(i + 4, i + 4 + size) });
    i += 4 + size;
  }
  return out;
}

/** Whether the entry's data descriptor carries 8-byte sizes: when a size does not fit in 4 bytes (as archiver writes it and Java reads it). */
export function isZip64Entry(entry: Entry): boolean {
  return entry.compressedSize > ZIP64_MARK || entry.uncompressedSize > ZIP64_MARK;
}

/** More than one zip64 extra field: readers may pick different ones. */
export function repeatedZip64Problems(fields: readonly ExtraField[], where: string, name: string): Problem[] {
  if (fields.filter((f) => f.id === ZIP64_EXTRA).length <= 1) return [];
  return [
    {
      kind: 'corrupt',
      path: name,
      message: `${where} carries more than one zip64 extra field (readers pick different ones); expected at most one`,
    },
  ];
}

const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const describe = (crc: number, compressed: number | bigint, uncompressed: number | bigint) =>
  `${uncompressed} bytes (${compressed} compressed, CRC ${hex(crc)})`;

/**
 * The local header must agree with the central directory on the name (checked by the caller),
 * the compression method, the flags a reader acts on, and the CRC and sizes: equal, or 0 when a
 * data descriptor follows (bit 3). A zip64 extra field in the local header must hold both sizes
 * (uncompressed, then compressed) with the same rule; on an entry under 4 GiB with a descriptor
 * it is refused, because readers disagree on whether the descriptor then has 4- or 8-byte sizes.
 */
export function localHeaderProblems(entry: Entry, local: LocalFileHeader, name: string): Problem[] {
  const out: Problem[] = [];
  const p = (kind: Problem['kind'], message: string) => out.push({ kind, path: name, message });
  if (local.compressionMethod !== entry.compressionMethod)
    p(
      'corrupt',
      `local header declares compression method ${local.compressionMethod}, the central directory ${entry.compressionMethod}; expected the same method`,
    );
  const differ = (local.generalPurposeBitFlag ^ entry.generalPurposeBitFlag) & READ_FLAGS;
  if (differ)
    p(
      'corrupt',
      `local header flags 0x${local.generalPurposeBitFlag.toString(16).padStart(4, '0')} differ from the central directory's 0x${entry.generalPurposeBitFlag.toString(16).padStart(4, '0')} (bits 0x${differ.toString(16).padStart(4, '0')}: encryption, data descriptor, UTF-8 name or others a reader acts on); expected the same flags`,
    );
  out.push(...versionProblems(local.versionNeededToExtract, 'local header', name));
  const fields = parseExtraFields(local.extraField);
  if (!fields) {
    p('corrupt', 'local header extra fields are malformed (their lengths overrun the extra area)');
    return out;
  }
  out.push(...repeatedZip64Problems(fields, 'local header', name));
  out.push(...unicodeNameProblems(fields, 'local header', name));
  const zip64 = fields.find((f) => f.id === ZIP64_EXTRA);
  const descriptor = (local.generalPurposeBitFlag & DATA_DESCRIPTOR_FLAG) !== 0;
  if (zip64 && descriptor && !isZip64Entry(entry)) {
    p(
      'corrupt',
      'local header carries a zip64 extra field on an entry under 4 GiB that has a data descriptor (readers disagree on the size of its descriptor); expected no zip64 field',
    );
    return out;
  }
  if (zip64 && zip64.data.length < 16) {
    p('corrupt', 'local header zip64 extra field lacks the two sizes it must hold');
    return out;
  }
  const size64 = zip64 ? zip64.data.readBigUInt64LE(0) : undefined;
  const csize64 = zip64 ? zip64.data.readBigUInt64LE(8) : undefined;
  // A 4-byte size of 0xffffffff means "see the zip64 field", which Java's ZipInputStream follows.
  const resolve = (short: number, long: bigint | undefined) =>
    short === ZIP64_MARK && long !== undefined ? long : BigInt(short);
  const agrees = (got: bigint, want: number) => got === BigInt(want) || (descriptor && got === 0n);
  const expected = `the central directory ${describe(entry.crc32, entry.compressedSize, entry.uncompressedSize)}; expected the same${descriptor ? ', or 0 before a data descriptor' : ''}`;
  const size = resolve(local.uncompressedSize, size64);
  const csize = resolve(local.compressedSize, csize64);
  const crcAgrees = local.crc32 === entry.crc32 || (descriptor && local.crc32 === 0);
  if (!crcAgrees || !agrees(size, entry.uncompressedSize) || !agrees(csize, entry.compressedSize))
    p('size-mismatch', `local header declares ${describe(local.crc32, csize, size)}, ${expected}`);
  // The zip64 field itself must agree too, whether or not the 4-byte fields point at it.
  else if (
    size64 !== undefined &&
    csize64 !== undefined &&
    (!agrees(size64, entry.uncompressedSize) || !agrees(csize64, entry.compressedSize))
  )
    p(
      'size-mismatch',
      `local header zip64 extra field declares ${size64} bytes (${csize64} compressed), ${expected}`,
    );
  return out;
}

export interface DataDescriptor {
  crc32: number;
  compressedSize: bigint;
  uncompressedSize: bigint;
  /** Bytes the descriptor occupies (with its optional signature). */
  length: number;
}

/**
 * The data descriptor at `at` as a streaming reader takes it: with a signature when the first four
 * bytes are one, 8-byte sizes when the entry is zip64. `undefined` when the file ends before it.
 */
export async function readDescriptor(
  readAt: (position: number, length: number) => Promise<Buffer>,
  at: number,
  zip64: boolean,
): Promise<DataDescriptor | undefined> {
  const body = zip64 ? 20 : 12;
  const buf = await readAt(at, 4 + body);
  const signed = buf.length >= 4 && buf.readUInt32LE(0) === DESCRIPTOR_SIG;
  const b = signed ? buf.subarray(4) : buf;
  if (b.length < body) return undefined;
  return {
    crc32: b.readUInt32LE(0),
    compressedSize: zip64 ? b.readBigUInt64LE(4) : BigInt(b.readUInt32LE(4)),
    uncompressedSize: zip64 ? b.readBigUInt64LE(12) : BigInt(b.readUInt32LE(8)),
    length: (signed ? 4 : 0) + body,
  };
}

/** The data descriptor must repeat the central directory's CRC-32 and sizes. */
export function descriptorProblems(entry: Entry, d: DataDescriptor | undefined, name: string): Problem[] {
  if (!d)
    return [{ kind: 'corrupt', path: name, message: 'the file ends where the data descriptor belongs' }];
  if (
    d.crc32 === entry.crc32 &&
    d.compressedSize === BigInt(entry.compressedSize) &&
    d.uncompressedSize === BigInt(entry.uncompressedSize)
  )
    return [];
  return [
    {
      kind: 'size-mismatch',
      path: name,
      message: `data descriptor declares ${describe(d.crc32, d.compressedSize, d.uncompressedSize)}, the central directory ${describe(entry.crc32, entry.compressedSize, entry.uncompressedSize)}; expected the same`,
    },
  ];
}
