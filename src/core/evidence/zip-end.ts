/**
 * The end records after the central directory: nothing else may follow it, and every field they
 * hold must describe it exactly. yauzl reads only the entry count and the offset; Python's zipfile
 * finds the directory from its size (a size that lies shifts every offset Python reads, towards
 * bytes the others never see), and unzip checks both.
 */
import type { Problem } from './zip-checks.ts';

/** Where the central directory lies in the file, and how to read the bytes after it. */
export interface ZipLayout {
  fileSize: number;
  centralDirectoryStart: number;
  centralDirectoryEnd: number;
  commentLength: number;
  /** Records read from the central directory. */
  entryCount: number;
  /** Reads `length` bytes at `position` (fewer at the end of the file). */
  readAt: (position: number, length: number) => Promise<Buffer>;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_EOCDR_SIG = 0x06064b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const EOCD = 22;
const ZIP64_EOCDR = 56;
const ZIP64_TRAILER = ZIP64_EOCDR + 20 + EOCD;

/** Trailing bytes, or an end record whose counts, size, offset or disk numbers differ from the central directory. */
export async function endRecordProblems(layout: ZipLayout, label: string): Promise<Problem[]> {
  const trailer = layout.fileSize - layout.centralDirectoryEnd - layout.commentLength;
  // Only the two possible trailers are read (a lying layout must not make us read gigabytes).
  const bytes =
    trailer === EOCD || trailer === ZIP64_TRAILER
      ? await layout.readAt(layout.centralDirectoryEnd, trailer)
      : Buffer.alloc(0);
  const zip64 =
    bytes.length === ZIP64_TRAILER &&
    bytes.readUInt32LE(0) === ZIP64_EOCDR_SIG &&
    bytes.readUInt32LE(ZIP64_EOCDR) === ZIP64_LOCATOR_SIG;
  if (!(bytes.length === EOCD || zip64))
    return [
      {
        kind: 'not-tiled',
        path: label,
        message: `${trailer} bytes follow the central directory where only its end record belongs (data hidden after the entries, or trailing bytes)`,
      },
    ];
  const size = layout.centralDirectoryEnd - layout.centralDirectoryStart;
  const wrong: string[] = [];
  const check = (what: string, got: number | bigint, want: number, mark?: number) => {
    if (BigInt(got) !== BigInt(want) && (mark === undefined || BigInt(got) !== BigInt(mark)))
      wrong.push(`${what} ${got} (expected ${want})`);
  };
  const eocd = bytes.subarray(trailer - EOCD);
  const count16 = zip64 ? 0xffff : undefined;
  const mark32 = zip64 ? 0xffffffff : undefined;
  check('disk number', eocd.readUInt16LE(4), 0);
  check('disk of the central directory', eocd.readUInt16LE(6), 0);
  check('entries on this disk', eocd.readUInt16LE(8), layout.entryCount, count16);
  check('entries', eocd.readUInt16LE(10), layout.entryCount, count16);
  check('central directory size', eocd.readUInt32LE(12), size, mark32);
  check('central directory offset', eocd.readUInt32LE(16), layout.centralDirectoryStart, mark32);
  if (zip64) {
    check('zip64 record size', bytes.readBigUInt64LE(4), ZIP64_EOCDR - 12);
    check('zip64 disk number', bytes.readUInt32LE(16), 0);
    check('zip64 disk of the central directory', bytes.readUInt32LE(20), 0);
    check('zip64 entries on this disk', bytes.readBigUInt64LE(24), layout.entryCount);
    check('zip64 entries', bytes.readBigUInt64LE(32), layout.entryCount);
    check('zip64 central directory size', bytes.readBigUInt64LE(40), size);
    check('zip64 central directory offset', bytes.readBigUInt64LE(48), layout.centralDirectoryStart);
    check('zip64 locator disk', bytes.readUInt32LE(ZIP64_EOCDR + 4), 0);
    check('zip64 locator offset', bytes.readBigUInt64LE(ZIP64_EOCDR + 8), layout.centralDirectoryEnd);
    check('zip64 locator disk count', bytes.readUInt32LE(ZIP64_EOCDR + 16), 1);
  }
  if (eocd.readUInt32LE(0) !== EOCD_SIG) wrong.push('signature');
  if (wrong.length === 0) return [];
  return [
    {
      kind: 'corrupt',
      path: label,
      message: `the end of central directory record does not describe the central directory: ${wrong.join(', ')}`,
    },
  ];
}
