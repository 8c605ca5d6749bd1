/**
 * The byte layout of perfgate's bundle (APPNOTE 6.3): local headers, data descriptors, the central
 * directory and the end records, as archiver's zip-stream lays them out, except that a STORED entry
 * carries its CRC-32 and sizes in its local header and has no data descriptor (Java's
 * ZipInputStream refuses a stored entry with one). Pure functions: the caller streams the data.
 */

const SIG_LOCAL = 0x04034b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_END = 0x06054b50;
const MAGIC32 = 0xffffffff;
const MAGIC16 = 0xffff;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const VERSION_DESCRIPTOR = 20;
const VERSION_ZIP64 = 45;
/** Version made by: 4.5, Unix (so that the mode in the external attributes counts). */
const MADE_BY = (3 << 8) | 45;
/** A regular file, mode 0644, in the high half of the external attributes. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;

export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;

/** One entry as written: what the central directory repeats. */
export interface ZipRecord {
  name: Buffer;
  method: typeof METHOD_STORED | typeof METHOD_DEFLATED;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
  dos: number;
}

/** Whether an entry's sizes need 8 bytes (zip-stream's rule). */
const bigSizes = (r: Pick<ZipRecord, 'csize' | 'usize'>): boolean => r.csize > MAGIC32 || r.usize > MAGIC32;

function flags(r: Pick<ZipRecord, 'name' | 'method'>): number {
  const ascii = r.name.every((b) => b < 0x80);
  return (r.method === METHOD_DEFLATED ? FLAG_DESCRIPTOR : 0) | (ascii ? 0 : FLAG_UTF8);
}

/** The DOS date and time of `d` in UTC (the high word the date), clamped to 1980-2107. */
export function dosDateTime(d: Date): number {
  const year = Math.min(2107, Math.max(1980, d.getUTCFullYear()));
  if (year !== d.getUTCFullYear())
    return (
      (((year - 1980) << 25) | ((year === 1980 ? 1 : 12) << 21) | ((year === 1980 ? 1 : 31) << 16)) >>> 0
    );
  const date = ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  return ((date << 16) | time) >>> 0;
}

function u64(b: Buffer, at: number, v: number): void {
  b.writeBigUInt64LE(BigInt(v), at);
}

/**
 * The local header. A stored entry's CRC and sizes must be known (a zip64 field holds sizes over
 * 4 GiB); a deflated entry has zeros and a data descriptor after its data.
 */
export function localHeader(r: Omit<ZipRecord, 'offset'>): Buffer {
  const stored = r.method === METHOD_STORED;
  const zip64 = stored && bigSizes(r);
  const extra = zip64 ? 20 : 0;
  const b = Buffer.alloc(30 + r.name.length + extra);
  b.writeUInt32LE(SIG_LOCAL, 0);
  b.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DESCRIPTOR, 4);
  b.writeUInt16LE(flags(r), 6);
  b.writeUInt16LE(r.method, 8);
  b.writeUInt32LE(r.dos, 10);
  b.writeUInt32LE(stored ? r.crc : 0, 14);
  b.writeUInt32LE(stored ? (zip64 ? MAGIC32 : r.csize) : 0, 18);
  b.writeUInt32LE(stored ? (zip64 ? MAGIC32 : r.usize) : 0, 22);
  b.writeUInt16LE(r.name.length, 26);
  b.writeUInt16LE(extra, 28);
  r.name.copy(b, 30);
  if (zip64) {
    const at = 30 + r.name.length;
    b.writeUInt16LE(1, at);
    b.writeUInt16LE(16, at + 2);
    u64(b, at + 4, r.usize);
    u64(b, at + 12, r.csize);
  }
  return b;
}

/** The data descriptor after a deflated entry (with its signature; 8-byte sizes only when needed). */
export function dataDescriptor(r: Pick<ZipRecord, 'crc' | 'csize' | 'usize'>): Buffer {
  const wide = bigSizes(r);
  const b = Buffer.alloc(wide ? 24 : 16);
  b.writeUInt32LE(SIG_DESCRIPTOR, 0);
  b.writeUInt32LE(r.crc, 4);
  if (wide) {
    u64(b, 8, r.csize);
    u64(b, 16, r.usize);
  } else {
    b.writeUInt32LE(r.csize, 8);
    b.writeUInt32LE(r.usize, 12);
  }
  return b;
}

/** One central directory header. */
export function centralHeader(r: ZipRecord): Buffer {
  const zip64 = bigSizes(r) || r.offset > MAGIC32;
  const version = zip64 ? VERSION_ZIP64 : VERSION_DESCRIPTOR;
  const extra = zip64 ? 28 : 0;
  const b = Buffer.alloc(46 + r.name.length + extra);
  b.writeUInt32LE(SIG_CENTRAL, 0);
  b.writeUInt16LE(MADE_BY, 4);
  b.writeUInt16LE(version, 6);
  b.writeUInt16LE(flags(r), 8);
  b.writeUInt16LE(r.method, 10);
  b.writeUInt32LE(r.dos, 12);
  b.writeUInt32LE(r.crc, 16);
  b.writeUInt32LE(zip64 ? MAGIC32 : r.csize, 20);
  b.writeUInt32LE(zip64 ? MAGIC32 : r.usize, 24);
  b.writeUInt16LE(r.name.length, 28);
  b.writeUInt16LE(extra, 30);
  b.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
  b.writeUInt32LE(zip64 ? MAGIC32 : r.offset, 42);
  r.name.copy(b, 46);
  if (zip64) {
    const at = 46 + r.name.length;
    b.writeUInt16LE(1, at);
    b.writeUInt16LE(24, at + 2);
    u64(b, at + 4, r.usize);
    u64(b, at + 12, r.csize);
    u64(b, at + 20, r.offset);
  }
  return b;
}

/** The end records for a central directory of `count` entries, `size` bytes at `offset`. */
export function endRecords(count: number, offset: number, size: number): Buffer {
  const zip64 = count > MAGIC16 || size > MAGIC32 || offset > MAGIC32;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(zip64 ? MAGIC16 : count, 8);
  end.writeUInt16LE(zip64 ? MAGIC16 : count, 10);
  end.writeUInt32LE(zip64 ? MAGIC32 : size, 12);
  end.writeUInt32LE(zip64 ? MAGIC32 : offset, 16);
  if (!zip64) return end;
  const z = Buffer.alloc(56 + 20);
  z.writeUInt32LE(SIG_ZIP64_END, 0);
  u64(z, 4, 44);
  z.writeUInt16LE(VERSION_ZIP64, 12);
  z.writeUInt16LE(VERSION_ZIP64, 14);
  u64(z, 24, count);
  u64(z, 32, count);
  u64(z, 40, size);
  u64(z, 48, offset);
  z.writeUInt32LE(SIG_ZIP64_LOCATOR, 56);
  u64(z, 64, offset + size);
  z.writeUInt32LE(1, 72);
  return Buffer.concat([z, end]);
}
