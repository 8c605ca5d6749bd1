/**
 * Raw zip bytes for the hostile bundles of `perfgate verify` (archiver refuses or rewrites most of
 * them): any name bytes, flags, modes and CRCs, and zip64 end records past 65,535 entries.
 */
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string | Buffer;
  data: Buffer;
  /** 0 store (default) or 8 deflate. */
  method?: 0 | 8;
  /** Unix mode in the external attributes (default a regular file, 0644). */
  mode?: number;
  /** General-purpose flags (default 0x800: UTF-8 names). */
  flags?: number;
  /** A CRC-32 to declare instead of the real one. */
  crc?: number;
  /**
   * Data descriptor after the data (flag bit 3, local CRC and sizes 0), with the declared values
   * unless overridden; `signed: false` leaves out its signature.
   */
  descriptor?: { signed?: boolean; crc?: number; compressedSize?: number; uncompressedSize?: number };
  /** Compressed bytes to store instead of deflating `data` (method 8 only). */
  compressed?: Buffer;
  /** "Version needed to extract" of the central directory record (default 20). */
  versionNeeded?: number;
  /** Bytes placed after the (compressed) data inside the span the central directory declares. */
  smuggle?: Buffer;
  /** Fields of the local header that differ from the central directory's. */
  local?: { method?: number; flags?: number; extra?: Buffer; crc?: number; compressedSize?: number };
  /** Extra field bytes of the central directory record. */
  centralExtra?: Buffer;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};

const DOS_DATE = 0x21; // 1980-01-01

/** A zip of `entries` in the given order (a zip64 end of central directory when there are many). */
export function rawZip(entries: readonly RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name, 'utf8');
    const method = e.method ?? 0;
    const compressed = method === 8 ? (e.compressed ?? deflateRawSync(e.data)) : e.data;
    const stored = Buffer.concat([compressed, e.smuggle ?? Buffer.alloc(0)]);
    const crc = e.crc ?? crc32(e.data);
    const flags = (e.flags ?? 0x800) | (e.descriptor ? 0x8 : 0);
    const common = [u16(method), u16(0), u16(DOS_DATE), u32(crc), u32(stored.length), u32(e.data.length)];
    const l = e.local ?? {};
    const localExtra = l.extra ?? Buffer.alloc(0);
    const local = Buffer.concat([
      u32(0x04034b50),
      u16(20),
      u16(l.flags ?? flags),
      u16(l.method ?? method),
      u16(0),
      u16(DOS_DATE),
      u32(l.crc ?? (e.descriptor ? 0 : crc)),
      u32(l.compressedSize ?? (e.descriptor ? 0 : stored.length)),
      u32(e.descriptor ? 0 : e.data.length),
      u16(name.length),
      u16(localExtra.length),
      name,
      localExtra,
    ]);
    const d = e.descriptor;
    const descriptor = d
      ? Buffer.concat([
          ...(d.signed === false ? [] : [u32(0x08074b50)]),
          u32(d.crc ?? crc),
          u32(d.compressedSize ?? stored.length),
          u32(d.uncompressedSize ?? e.data.length),
        ])
      : Buffer.alloc(0);
    const centralExtra = e.centralExtra ?? Buffer.alloc(0);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16((3 << 8) | 45),
        u16(e.versionNeeded ?? 20),
        u16(flags),
        ...common,
        u16(name.length),
        u16(centralExtra.length),
        u16(0),
        u16(0),
        u16(0),
        u32((e.mode ?? 0o100644) << 16),
        u32(offset),
        name,
        centralExtra,
      ]),
    );
    parts.push(local, stored, descriptor);
    offset += local.length + stored.length + descriptor.length;
  }
  const cd = Buffer.concat(central);
  const many = entries.length > 0xffff;
  const tail: Buffer[] = [];
  if (many) {
    const zip64End = Buffer.concat([
      u32(0x06064b50),
      u64(44),
      u16(45),
      u16(45),
      u32(0),
      u32(0),
      u64(entries.length),
      u64(entries.length),
      u64(cd.length),
      u64(offset),
    ]);
    tail.push(zip64End, Buffer.concat([u32(0x07064b50), u32(0), u64(offset + cd.length), u32(1)]));
  }
  const count = many ? 0xffff : entries.length;
  tail.push(
    Buffer.concat([
      u32(0x06054b50),
      u16(0),
      u16(0),
      u16(count),
      u16(count),
      u32(cd.length),
      u32(offset),
      u16(0),
    ]),
  );
  return Buffer.concat([...parts, cd, ...tail]);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * A bundle as perfgate writes one: the evidence entries, `evidence-manifest.json` listing them (or
 * `listed`, when the test lies about them) and a matching `SHA256SUMS`, plus `extra` entries that
 * neither lists.
 */
export function bundle(
  evidence: readonly RawEntry[],
  options: {
    listed?: { path: string; data: Buffer }[];
    extra?: readonly RawEntry[];
    manifestText?: string;
  } = {},
): Buffer {
  const listed = options.listed ?? evidence.map((e) => ({ path: String(e.name), data: e.data }));
  const files = listed.map((f) => ({
    path: f.path,
    sha256: sha256(f.data),
    bytes: f.data.length,
    role: 'attachment',
  }));
  const manifest = Buffer.from(
    options.manifestText ??
      JSON.stringify(
        { cycle_id: 'hostile', generated_at: '2026-11-20T12:00:00Z', files, upstream: [] },
        null,
        2,
      ),
  );
  const sums = Buffer.from(
    [...files.map((f) => `${f.sha256}  ${f.path}`), `${sha256(manifest)}  evidence-manifest.json`]
      .sort()
      .join('\n') + '\n',
  );
  return rawZip([
    ...evidence,
    ...(options.extra ?? []),
    { name: 'evidence-manifest.json', data: manifest },
    { name: 'SHA256SUMS', data: sums },
  ]);
}

/** One stored local entry (header and data) with no central directory record: a hidden entry. */
export function localEntry(name: string, data: Buffer): Buffer {
  const n = Buffer.from(name, 'utf8');
  const common = [u16(0), u16(0), u16(DOS_DATE), u32(crc32(data)), u32(data.length), u32(data.length)];
  return Buffer.concat([u32(0x04034b50), u16(20), u16(0x800), ...common, u16(n.length), u16(0), n, data]);
}

/** A signed data descriptor with 4-byte sizes. */
export function dataDescriptor(crc: number, compressedSize: number, uncompressedSize: number): Buffer {
  return Buffer.concat([u32(0x08074b50), u32(crc), u32(compressedSize), u32(uncompressedSize)]);
}

/**
 * `zip` with `insert` placed just before its central directory (the end record's offset moved to
 * match), so every listed entry is intact and the inserted bytes belong to no entry.
 */
export function insertBeforeCentralDirectory(zip: Buffer, insert: Buffer): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cd = zip.readUInt32LE(eocd + 16);
  const out = Buffer.concat([zip.subarray(0, cd), insert, zip.subarray(cd)]);
  out.writeUInt32LE(cd + insert.length, eocd + insert.length + 16);
  return out;
}
