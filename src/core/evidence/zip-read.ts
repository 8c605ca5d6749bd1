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
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { checkNames } from './names.ts';
import {
  decodeName,
  entryProblems,
  isDirectoryEntry,
  overlapProblems,
  type Problem,
  type ZipLimits,
} from './zip-checks.ts';
import { digestEntry, type ZipEntryDigest } from './zip-digest.ts';
import {
  DATA_DESCRIPTOR_FLAG,
  descriptorProblems,
  isZip64Entry,
  localHeaderProblems,
  readDescriptor,
  repeatedZip64Problems,
} from './zip-local.ts';
import { tilingProblems, type EntrySpan, type ZipLayout } from './zip-tiling.ts';

export type { ZipEntryDigest } from './zip-digest.ts';

/** Where a staged output can be read back (the bundle is reopened and re-hashed before commit). */
export type StagedSource = { kind: 'file'; path: string } | { kind: 'buffer'; data: Buffer };

export interface ZipReadResult {
  entries: ZipEntryDigest[];
  problems: Problem[];
  /** Entries in the central directory (including rejected ones). */
  count: number;
  /** SHA-256 of the whole zip file, when it was read into memory (saves a second read). */
  fileSha256?: string;
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

interface Opened {
  zip: ZipFile;
  /** The whole file, when it was read into memory. */
  bytes?: Buffer;
}

async function openZip(source: StagedSource): Promise<Opened> {
  if (source.kind === 'buffer')
    return { zip: await yauzl.fromBufferPromise(source.data, OPEN_OPTIONS), bytes: source.data };
  // O_NONBLOCK: a FIFO in place of the bundle must not block the open forever.
  const handle = await open(source.path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error('not a regular file');
    const size = st.size;
    if (size > IN_MEMORY_BYTES) return { zip: await yauzl.openPromise(source.path, OPEN_OPTIONS) };
    const bytes = await handle.readFile();
    return { zip: await yauzl.fromBufferPromise(bytes, OPEN_OPTIONS), bytes };
  } finally {
    await handle.close();
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Reads and checks every entry of the zip. */
export async function readZip(source: StagedSource, options: ZipReadOptions): Promise<ZipReadResult> {
  const label = source.kind === 'file' ? source.path : '(bundle)';
  let opened: Opened;
  try {
    opened = await openZip(source);
  } catch (e) {
    return {
      entries: [],
      count: 0,
      problems: [{ kind: 'unreadable', path: label, message: `not a readable zip: ${message(e)}` }],
    };
  }
  const { zip } = opened;
  const handle =
    opened.bytes || source.kind !== 'file'
      ? undefined
      : await open(source.path, constants.O_RDONLY).catch(() => undefined);
  const readAt = async (position: number, length: number): Promise<Buffer> => {
    if (opened.bytes) return opened.bytes.subarray(position, position + length);
    const buf = Buffer.alloc(length);
    const { bytesRead } = handle ? await handle.read(buf, 0, length, position) : { bytesRead: 0 };
    return buf.subarray(0, bytesRead);
  };
  try {
    const result = await readEntries(zip, label, options, readAt);
    if (opened.bytes && source.kind === 'file')
      result.fileSha256 = createHash('sha256').update(opened.bytes).digest('hex');
    return result;
  } finally {
    zip.close();
    await handle?.close();
  }
}

/** yauzl's reading position in the central directory (its start before listing, its end after). */
const cursor = (zip: ZipFile): number => (zip as unknown as { readEntryCursor: number }).readEntryCursor;

async function readEntries(
  zip: ZipFile,
  label: string,
  options: ZipReadOptions,
  readAt: ZipLayout['readAt'],
): Promise<ZipReadResult> {
  const problems: Problem[] = [];
  const listed: { entry: Entry; name: string }[] = [];
  const centralDirectoryStart = cursor(zip);
  let listedAll = false;
  try {
    for await (const entry of zip.eachEntry()) {
      const decoded = decodeName(entry);
      if (!decoded.ok)
        problems.push({ kind: 'unsafe-name', path: decoded.name, message: 'entry name is not valid UTF-8' });
      listed.push({ entry, name: decoded.name });
    }
    listedAll = true;
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
  const spans: EntrySpan[] = [];
  const toRead: { entry: Entry; name: string }[] = [];
  for (const { entry, name } of listed) {
    const own = entryProblems(entry, name, options.limits);
    own.push(...repeatedZip64Problems(entry.extraFields, 'central directory record', name));
    try {
      const local = await zip.readLocalFileHeaderPromise(entry);
      if (!local.fileName.equals(entry.fileNameRaw))
        own.push({
          kind: 'unsafe-name',
          path: name,
          message: `local header names the entry \`${local.fileName.toString('utf8')}\` instead`,
        });
      own.push(...localHeaderProblems(entry, local, name));
      const dataEnd = local.fileDataStart + entry.compressedSize;
      let end = dataEnd;
      // A streaming reader takes the descriptor after the data (local flag bit 3) for the truth.
      if (local.generalPurposeBitFlag & DATA_DESCRIPTOR_FLAG) {
        const descriptor = await readDescriptor(readAt, dataEnd, isZip64Entry(entry));
        own.push(...descriptorProblems(entry, descriptor, name));
        end += descriptor?.length ?? 0;
      }
      ranges.push({ name, start: entry.relativeOffsetOfLocalHeader, end: dataEnd });
      spans.push({ name, start: entry.relativeOffsetOfLocalHeader, dataEnd, end });
    } catch (e) {
      own.push({ kind: 'corrupt', path: name, message: `local header unreadable: ${message(e)}` });
    }
    problems.push(...own);
    if (own.length === 0 && !bad.has(name) && !isDirectoryEntry(name, entry)) toRead.push({ entry, name });
  }
  if (listedAll && spans.length === listed.length) {
    const comment = (zip as unknown as { comment: Buffer | string }).comment;
    const layout: ZipLayout = {
      fileSize: (zip as unknown as { fileSize: number }).fileSize,
      centralDirectoryStart,
      centralDirectoryEnd: cursor(zip),
      commentLength: typeof comment === 'string' ? Buffer.byteLength(comment, 'latin1') : comment.length,
      entryCount: listed.length,
      readAt,
    };
    problems.push(...(await tilingProblems(spans, layout, label)));
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
