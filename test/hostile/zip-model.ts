/**
 * A zip taken apart into its records, so that the mutation tests can edit one field, insert bytes
 * or whole local entries anywhere and put it back together with every offset, length and end
 * record recomputed (an edit then tests the check it aims at, not the offsets it would shift).
 * Parses well-formed zips only (the bundles perfgate writes); the mutations make the hostile ones.
 */

export interface LocalRecord {
  kind: 'local';
  /** The 30 fixed bytes of the local header (name and extra lengths are rewritten). */
  fixed: Buffer;
  name: Buffer;
  extra: Buffer;
  /** The entry's data as the central directory spans it. */
  data: Buffer;
  /** Bytes after the data that belong to the entry (its data descriptor), empty when none. */
  descriptor: Buffer;
}

/** Bytes between entries that no central directory record points at. */
export interface RawBytes {
  kind: 'raw';
  bytes: Buffer;
}

export interface CentralRecord {
  /** The 46 fixed bytes (name, extra and comment lengths and the offset are rewritten). */
  fixed: Buffer;
  name: Buffer;
  extra: Buffer;
  comment: Buffer;
  /** Index in `parts` of the local record this one points at. */
  local: number;
}

export interface ZipModel {
  parts: (LocalRecord | RawBytes)[];
  central: CentralRecord[];
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const EOCD_SIG = 0x06054b50;

/** Field offsets in the fixed part of a local header and of a central directory record. */
export const LOCAL = { flags: 6, method: 8, crc: 14, csize: 18, usize: 22, nameLen: 26, extraLen: 28 };
export const CENTRAL = {
  versionNeeded: 6,
  flags: 8,
  method: 10,
  crc: 16,
  csize: 20,
  usize: 24,
  nameLen: 28,
  extraLen: 30,
  commentLen: 32,
  offset: 42,
};

/** Takes apart a zip whose entries tile the file (no zip64, no archive comment). */
export function parseZip(zip: Buffer): ZipModel {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || zip.readUInt32LE(eocd) !== EOCD_SIG) throw new Error('no end record');
  const count = zip.readUInt16LE(eocd + 10);
  const cdStart = zip.readUInt32LE(eocd + 16);
  const records: { fixed: Buffer; name: Buffer; extra: Buffer; comment: Buffer; offset: number }[] = [];
  let at = cdStart;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_SIG) throw new Error(`bad central record at ${at}`);
    const fixed = Buffer.from(zip.subarray(at, at + 46));
    const n = fixed.readUInt16LE(CENTRAL.nameLen);
    const x = fixed.readUInt16LE(CENTRAL.extraLen);
    const c = fixed.readUInt16LE(CENTRAL.commentLen);
    const name = Buffer.from(zip.subarray(at + 46, at + 46 + n));
    const extra = Buffer.from(zip.subarray(at + 46 + n, at + 46 + n + x));
    const comment = Buffer.from(zip.subarray(at + 46 + n + x, at + 46 + n + x + c));
    records.push({ fixed, name, extra, comment, offset: fixed.readUInt32LE(CENTRAL.offset) });
    at += 46 + n + x + c;
  }
  const order = records.map((r, i) => ({ r, i })).sort((a, b) => a.r.offset - b.r.offset);
  const parts: LocalRecord[] = [];
  const central: CentralRecord[] = new Array(records.length);
  order.forEach(({ r, i }, k) => {
    const start = r.offset;
    if (zip.readUInt32LE(start) !== LOCAL_SIG) throw new Error(`bad local header at ${start}`);
    const fixed = Buffer.from(zip.subarray(start, start + 30));
    const n = fixed.readUInt16LE(LOCAL.nameLen);
    const x = fixed.readUInt16LE(LOCAL.extraLen);
    const dataStart = start + 30 + n + x;
    const dataEnd = dataStart + r.fixed.readUInt32LE(CENTRAL.csize);
    const next = k + 1 < order.length ? order[k + 1]!.r.offset : cdStart;
    parts.push({
      kind: 'local',
      fixed,
      name: Buffer.from(zip.subarray(start + 30, start + 30 + n)),
      extra: Buffer.from(zip.subarray(start + 30 + n, dataStart)),
      data: Buffer.from(zip.subarray(dataStart, dataEnd)),
      descriptor: Buffer.from(zip.subarray(dataEnd, next)),
    });
    central[i] = { fixed: r.fixed, name: r.name, extra: r.extra, comment: r.comment, local: k };
  });
  return { parts, central };
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};

/** Puts a zip back together: local records and raw bytes in order, the central directory, its end record. */
export function buildZip(model: ZipModel): Buffer {
  const out: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const part of model.parts) {
    offsets.push(offset);
    const bytes =
      part.kind === 'raw'
        ? part.bytes
        : Buffer.concat([
            withLengths(part.fixed, LOCAL, part),
            part.name,
            part.extra,
            part.data,
            part.descriptor,
          ]);
    out.push(bytes);
    offset += bytes.length;
  }
  const cdStart = offset;
  for (const c of model.central) {
    const fixed = withLengths(c.fixed, CENTRAL, c);
    fixed.writeUInt16LE(c.comment.length, CENTRAL.commentLen);
    fixed.writeUInt32LE(offsets[c.local]!, CENTRAL.offset);
    const bytes = Buffer.concat([fixed, c.name, c.extra, c.comment]);
    out.push(bytes);
    offset += bytes.length;
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD_SIG, 0);
  eocd.writeUInt16LE(model.central.length, 8);
  eocd.writeUInt16LE(model.central.length, 10);
  eocd.writeUInt32LE(offset - cdStart, 12);
  eocd.writeUInt32LE(cdStart, 16);
  return Buffer.concat([...out, eocd]);
}

function withLengths(
  fixed: Buffer,
  at: { nameLen: number; extraLen: number },
  r: { name: Buffer; extra: Buffer },
): Buffer {
  const b = Buffer.from(fixed);
  b.writeUInt16LE(r.name.length, at.nameLen);
  b.writeUInt16LE(r.extra.length, at.extraLen);
  return b;
}

/** One extra field: id, length, data. */
export function extraField(id: number, data: Buffer): Buffer {
  return Buffer.concat([u16(id), u16(data.length), data]);
}

/** A data descriptor: signed or not, 4- or 8-byte sizes. */
export function descriptorBytes(
  crc: number,
  compressed: number,
  uncompressed: number,
  form: { signed: boolean; zip64: boolean },
): Buffer {
  const sizes = Buffer.alloc(form.zip64 ? 16 : 8);
  if (form.zip64) {
    sizes.writeBigUInt64LE(BigInt(compressed), 0);
    sizes.writeBigUInt64LE(BigInt(uncompressed), 8);
  } else {
    sizes.writeUInt32LE(compressed >>> 0, 0);
    sizes.writeUInt32LE(uncompressed >>> 0, 4);
  }
  const crcBytes = Buffer.alloc(4);
  crcBytes.writeUInt32LE(crc >>> 0);
  const sig = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
  return Buffer.concat([...(form.signed ? [sig] : []), crcBytes, sizes]);
}
