/**
 * Reads a zip without extracting it: lists every entry (lazily, with yauzl), checks names and
 * sizes, then streams each safe entry through SHA-256 and CRC-32. Every problem names its entry.
 *
 * yauzl's own `validateEntrySizes` aborts the whole listing at the first stored-size lie, without
 * the entry's name, so the same checks run here instead (declared sizes against the central
 * directory, streamed bytes against the declared size), each naming the entry.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type LocalFileHeader, type ZipFile } from 'yauzl';
import { checkNames } from './names.ts';
import type { StagedSource } from './writer.ts';
import {
  decodeName,
  entryProblems,
  isDirectoryEntry,
  overlapProblems,
  type Problem,
  type ZipLimits,
} from './zip-checks.ts';

export interface ZipEntryDigest {
  name: string;
  sha256: string;
  bytes: number;
  /** The entry's bytes, for the names asked for in `keep` (small metadata files). */
  content?: Buffer;
}

export interface ZipReadResult {
  entries: ZipEntryDigest[];
  problems: Problem[];
  /** Entries in the central directory (including rejected ones). */
  count: number;
}

export interface ZipReadOptions {
  limits: ZipLimits;
  /** Entry names whose content to return (read only when at most `keepMaxBytes`). */
  keep?: ReadonlySet<string>;
  keepMaxBytes?: number;
  onBytes?: (n: number) => void;
}

const OPEN_OPTIONS = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false };

/**
 * Zips up to this size are read into memory first: yauzl reads a file with two small reads per
 * entry, so a hostile zip of tens of thousands of tiny entries cost seconds of system calls.
 */
const IN_MEMORY_BYTES = 64 * 1024 * 1024;

async function openZip(source: StagedSource): Promise<ZipFile> {
  if (source.kind === 'buffer') return yauzl.fromBufferPromise(source.data, OPEN_OPTIONS);
  // O_NONBLOCK: a FIFO in place of the bundle must not block the open forever.
  const handle = await open(source.path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error('not a regular file');
    const size = st.size;
    if (size > IN_MEMORY_BYTES) return await yauzl.openPromise(source.path, OPEN_OPTIONS);
    return await yauzl.fromBufferPromise(await handle.readFile(), OPEN_OPTIONS);
  } finally {
    await handle.close();
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Reads and checks every entry of the zip. */
export async function readZip(source: StagedSource, options: ZipReadOptions): Promise<ZipReadResult> {
  const label = source.kind === 'file' ? source.path : '(bundle)';
  let zip: ZipFile;
  try {
    zip = await openZip(source);
  } catch (e) {
    return {
      entries: [],
      count: 0,
      problems: [{ kind: 'unreadable', path: label, message: `not a readable zip: ${message(e)}` }],
    };
  }
  try {
    return await readEntries(zip, label, options);
  } finally {
    zip.close();
  }
}

async function readEntries(zip: ZipFile, label: string, options: ZipReadOptions): Promise<ZipReadResult> {
  const problems: Problem[] = [];
  const listed: { entry: Entry; name: string }[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const decoded = decodeName(entry);
      if (!decoded.ok)
        problems.push({ kind: 'unsafe-name', path: decoded.name, message: 'entry name is not valid UTF-8' });
      listed.push({ entry, name: decoded.name });
    }
  } catch (e) {
    const after = listed.at(-1)?.name;
    problems.push({
      kind: 'unreadable',
      path: label,
      message: `central directory unreadable${after ? ` after entry \`${after}\`` : ''}: ${message(e)}`,
    });
  }
  const bad = new Set<string>(problems.map((p) => p.path));
  const names = listed.map((l) => (isDirectoryEntry(l.name, l.entry) ? l.name.slice(0, -1) : l.name));
  for (const np of checkNames(names)) {
    problems.push({
      kind: np.problem === 'duplicate name' ? 'duplicate' : 'unsafe-name',
      path: np.name,
      message: np.problem,
    });
    bad.add(np.name);
  }
  const ranges: { name: string; start: number; end: number }[] = [];
  const toRead: { entry: Entry; name: string }[] = [];
  for (const { entry, name } of listed) {
    const own = entryProblems(entry, name, options.limits);
    try {
      const local = await zip.readLocalFileHeaderPromise(entry);
      if (!local.fileName.equals(entry.fileNameRaw))
        own.push({
          kind: 'unsafe-name',
          path: name,
          message: `local header names the entry \`${local.fileName.toString('utf8')}\` instead`,
        });
      own.push(...localHeaderProblems(entry, local, name));
      ranges.push({
        name,
        start: entry.relativeOffsetOfLocalHeader,
        end: local.fileDataStart + entry.compressedSize,
      });
    } catch (e) {
      own.push({ kind: 'corrupt', path: name, message: `local header unreadable: ${message(e)}` });
    }
    problems.push(...own);
    if (own.length === 0 && !bad.has(name) && !isDirectoryEntry(name, entry)) toRead.push({ entry, name });
  }
  const overlaps = overlapProblems(ranges);
  problems.push(...overlaps);
  const overlapping = new Set(overlaps.map((p) => p.path));
  const entries: ZipEntryDigest[] = [];
  for (const { entry, name } of toRead) {
    if (overlapping.has(name)) continue;
    const result = await digestEntry(zip, entry, name, options);
    if ('kind' in result) problems.push(result);
    else entries.push(result);
  }
  return { entries, problems, count: listed.length };
}

const DATA_DESCRIPTOR_FLAG = 0x8;
const ZIP64_MARK = 0xffffffff;

/** The local header must agree with the central directory on sizes and CRC (unless they follow the data). */
function localHeaderProblems(entry: Entry, local: LocalFileHeader, name: string): Problem[] {
  if (local.generalPurposeBitFlag & DATA_DESCRIPTOR_FLAG) return [];
  const disagree = (a: number, b: number) => a !== b && a !== ZIP64_MARK;
  if (
    disagree(local.compressedSize, entry.compressedSize) ||
    disagree(local.uncompressedSize, entry.uncompressedSize) ||
    local.crc32 !== entry.crc32
  )
    return [
      {
        kind: 'size-mismatch',
        path: name,
        message: `local header declares ${local.uncompressedSize} bytes (${local.compressedSize} compressed, CRC ${local.crc32}), the central directory ${entry.uncompressedSize} (${entry.compressedSize}, CRC ${entry.crc32})`,
      },
    ];
  return [];
}

/** Streams one entry through SHA-256 and CRC-32, stopping as soon as it yields more than it declared. */
async function digestEntry(
  zip: ZipFile,
  entry: Entry,
  name: string,
  options: ZipReadOptions,
): Promise<ZipEntryDigest | Problem> {
  const hash = createHash('sha256');
  let crc = 0;
  let bytes = 0;
  const keep =
    options.keep?.has(name) && entry.uncompressedSize <= (options.keepMaxBytes ?? 64 * 1024 * 1024);
  const chunks: Buffer[] = [];
  try {
    const stream = await zip.openReadStreamPromise(entry);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > entry.uncompressedSize) {
        stream.destroy();
        return {
          kind: 'size-mismatch',
          path: name,
          message: `entry yields more than the ${entry.uncompressedSize} bytes it declares`,
        };
      }
      hash.update(chunk);
      crc = crc32(chunk, crc);
      options.onBytes?.(chunk.length);
      if (keep) chunks.push(chunk);
    }
  } catch (e) {
    return { kind: 'corrupt', path: name, message: `entry data unreadable: ${message(e)}` };
  }
  if (bytes !== entry.uncompressedSize)
    return {
      kind: 'size-mismatch',
      path: name,
      message: `entry yields ${bytes} bytes but declares ${entry.uncompressedSize}`,
    };
  if (crc >>> 0 !== entry.crc32 >>> 0)
    return {
      kind: 'corrupt',
      path: name,
      message: 'entry data does not match its CRC-32 (corrupt or altered)',
    };
  return { name, sha256: hash.digest('hex'), bytes, ...(keep ? { content: Buffer.concat(chunks) } : {}) };
}
