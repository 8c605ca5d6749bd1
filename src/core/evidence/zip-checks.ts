/** Checks on a zip entry's metadata, before any of its data is read (names, links, sizes, bombs). */
import type { Entry } from 'yauzl';

export type ProblemKind =
  | 'unsafe-name'
  | 'duplicate'
  | 'symlink'
  | 'size-mismatch'
  | 'oversized'
  | 'bomb'
  | 'unsupported'
  | 'corrupt'
  | 'unreadable'
  | 'missing'
  | 'extra'
  | 'altered'
  | 'malformed-digest'
  | 'manifest'
  | 'not-tiled';

/** One reason a bundle or directory does not match its manifest, naming the file or entry. */
export interface Problem {
  kind: ProblemKind;
  path: string;
  message: string;
}

export interface ZipLimits {
  /** Largest uncompressed size one entry may declare. */
  maxEntryBytes: number;
  /** Largest uncompressed/compressed ratio of an entry of at least `ratioMinBytes` (deflate tops out near 1032). */
  maxRatio: number;
  ratioMinBytes: number;
}

export const DEFAULT_LIMITS: ZipLimits = {
  maxEntryBytes: 16 * 1024 ** 3,
  maxRatio: 500,
  ratioMinBytes: 1024 * 1024,
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const UTF8_FLAG = 0x800;
const ENCRYPTED_FLAG = 0x1;
const UNICODE_PATH_EXTRA = 0x7075;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The entry's name as text; `ok: false` (with a printable rendering) when it is not valid UTF-8/ASCII. */
export function decodeName(entry: Entry): { ok: boolean; name: string } {
  const raw = entry.fileNameRaw;
  const ascii = raw.every((b) => b < 0x80);
  if (ascii || entry.generalPurposeBitFlag & UTF8_FLAG) {
    try {
      return { ok: true, name: utf8.decode(raw) };
    } catch {
      // falls through to the printable rendering
    }
  }
  return { ok: false, name: JSON.stringify(raw.toString('latin1')).slice(1, -1) };
}

/**
 * An Info-ZIP Unicode name field (0x7075) in a central or local header. perfgate writes none, and
 * readers differ on it: some take its name, some ignore it, and unzip 6.0 refuses an entry that
 * carries one beside a data descriptor ("overlapped components").
 */
export function unicodeNameProblems(
  fields: readonly { id: number; data: Buffer }[],
  where: string,
  name: string,
): Problem[] {
  const out: Problem[] = [];
  for (const extra of fields) {
    if (extra.id !== UNICODE_PATH_EXTRA) continue;
    const alias = extra.data.length >= 5 ? extra.data.subarray(5).toString('utf8') : '';
    out.push(
      alias !== name
        ? {
            kind: 'unsafe-name',
            path: name,
            message: `${where} carries a second (Info-ZIP Unicode) name \`${alias}\` that differs from its name`,
          }
        : {
            kind: 'unsupported',
            path: name,
            message: `${where} carries an Info-ZIP Unicode name field, which readers take differently; expected none`,
          },
    );
  }
  return out;
}

/** The highest "version needed to extract" perfgate writes (4.5, zip64); unzip 6.0 refuses above 4.6. */
export const MAX_VERSION_NEEDED = 45;

/** A header that needs a newer zip version than perfgate writes. */
export function versionProblems(version: number, where: string, name: string): Problem[] {
  if (version <= MAX_VERSION_NEEDED) return [];
  return [
    {
      kind: 'unsupported',
      path: name,
      message: `${where} needs zip version ${Math.floor(version / 10)}.${version % 10} to extract; expected at most 4.5 (some readers refuse more)`,
    },
  ];
}

/**
 * General-purpose flags a bundle may carry: deflate speed hints (bits 1-2), data descriptor (3),
 * UTF-8 name (11). Anything else (patched data, strong encryption, masked headers, reserved bits)
 * is refused, as Python's zipfile refuses some of them.
 */
const ALLOWED_FLAGS = 0x0002 | 0x0004 | 0x0008 | UTF8_FLAG;

/** Problems visible in the central directory record alone; the entry's data is read only when there are none. */
export function entryProblems(entry: Entry, name: string, limits: ZipLimits): Problem[] {
  const out: Problem[] = [];
  const p = (kind: ProblemKind, message: string) => out.push({ kind, path: name, message });
  out.push(...unicodeNameProblems(entry.extraFields, 'entry', name));
  out.push(...versionProblems(entry.versionNeededToExtract, 'entry', name));
  const other = entry.generalPurposeBitFlag & ~ALLOWED_FLAGS & ~ENCRYPTED_FLAG;
  if (other)
    p(
      'unsupported',
      `entry sets general-purpose flags 0x${other.toString(16).padStart(4, '0')} (patched data, strong encryption, masked headers or reserved bits); expected only bits 1-3 and 11`,
    );
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK)
    p('symlink', 'entry is a symbolic link (S_IFLNK in its external attributes); a bundle holds only files');
  if (entry.generalPurposeBitFlag & ENCRYPTED_FLAG) p('unsupported', 'entry is encrypted');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    p(
      'unsupported',
      `unsupported compression method ${entry.compressionMethod} (expected 0 store or 8 deflate)`,
    );
  if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize)
    p(
      'size-mismatch',
      `stored entry declares ${entry.uncompressedSize} bytes but holds ${entry.compressedSize}`,
    );
  if (entry.uncompressedSize > limits.maxEntryBytes)
    p(
      'oversized',
      `entry declares ${entry.uncompressedSize} bytes, over the cap of ${limits.maxEntryBytes} (--max-entry-bytes)`,
    );
  else if (
    entry.compressionMethod === 8 &&
    entry.uncompressedSize >= limits.ratioMinBytes &&
    entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1)
  )
    p(
      'bomb',
      `entry expands ${entry.compressedSize} bytes to ${entry.uncompressedSize} (ratio ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1, over ${limits.maxRatio}:1, --max-ratio): a compression bomb`,
    );
  return out;
}

/** Whether the entry is a directory record (name ending in `/`), which holds no data. */
export function isDirectoryEntry(name: string, entry: Entry): boolean {
  return name.endsWith('/') && entry.uncompressedSize === 0;
}

/** Problems with the ranges of the archive each entry occupies: overlapping entries are a bomb technique. */
export function overlapProblems(ranges: { name: string; start: number; end: number }[]): Problem[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Problem[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur.start < prev.end)
      out.push({
        kind: 'bomb',
        path: cur.name,
        message: `entry data overlaps entry \`${prev.name}\` (overlapping entries are a compression-bomb technique)`,
      });
  }
  return out;
}
