/**
 * performance-evidence-bundle.zip: byte-identical across runs. Entries sorted by name (code unit),
 * one fixed date (the evaluation time) and mode 0644, no directory entries; already-compressed
 * formats stored (CRC-32 and sizes in the local header, no data descriptor), the rest deflated.
 * Each file is hashed as it streams into the zip and must match the digest of the manifest pass;
 * the central directory is then read back and checked against what was computed as it was written
 * (`bundle-check.ts`), so the zip is written once and never read twice.
 */
import { crc32 } from 'node:zlib';
import { cmp } from '../diagnostics.ts';
import { checkCentral } from './bundle-check.ts';
import { ZipStreamWriter, type EntryChunks } from '../evidence/bundle-zip.ts';
import { EmitError } from '../evidence/errors.ts';
import { changedError } from './evidence.ts';
import { openEvidence, type FileDigest } from '../evidence/hash.ts';
import { isCompressedFormat } from '../evidence/stored-formats.ts';
import { checkNames } from '../evidence/names.ts';
import type { OutputWriter } from './writer.ts';
import { DEFAULT_LIMITS } from '../evidence/zip-checks.ts';
import { dosDateTime } from '../evidence/zip-write.ts';

export const BUNDLE = 'performance-evidence-bundle.zip';

/** Chunk size of the bundle's read streams; files up to this size are read whole into one Buffer. */
const STREAM_CHUNK = 64 * 1024;

/** zlib level: 6 (zip's default) compresses text evidence well at a speed that stays I/O bound. */
export const DEFLATE_LEVEL = 6;

export interface BundleEntry extends FileDigest {
  name: string;
  /** CRC-32 of the bytes, from the manifest pass (a stored entry needs it before its data). */
  crc32?: number;
  /** A file of the cycle (streamed) or bytes generated in memory. */
  source: { kind: 'file'; abs: string } | { kind: 'buffer'; data: Buffer };
}

export interface BundleOptions {
  /** The date of every entry (the evaluation time; DOS dates are clamped to 1980-2107). */
  date: Date;
  onBytes?: (n: number) => void;
  /** Check the central directory read back (default true; only the benchmark turns it off to time the parts). */
  check?: boolean;
}

/** Whether the bundle stores `name` (a compressed format, or `forced`: a deflate bomb) instead of deflating it. */
export function isStored(name: string, forced: ReadonlySet<string> = new Set()): boolean {
  return forced.has(name) || isCompressedFormat(name);
}

/** Writes the bundle through the writer (staged, not committed) and checks it as written. */
export async function writeBundle(
  writer: OutputWriter,
  entries: readonly BundleEntry[],
  options: BundleOptions,
): Promise<FileDigest> {
  const names = checkNames(entries.map((e) => e.name));
  if (names.length > 0)
    throw new EmitError(
      `Cannot bundle the cycle: ${names.map((n) => `\`${n.name}\` (${n.problem})`).join(', ')}`,
      'Rename or remove those files in the cycle directory; a bundle entry must be a safe, unique relative path.',
    );
  const sorted = [...entries].sort((a, b) => cmp(a.name, b.name));
  const first = await stageZip(writer, sorted, options, new Set());
  // Entries that deflated so well that `perfgate verify` would take them for a compression bomb
  // are stored instead, in one more pass.
  if (first.bombs.length === 0) return first.digest;
  const again = await stageZip(writer, sorted, options, new Set(first.bombs));
  if (again.bombs.length === 0) return again.digest;
  throw new EmitError(
    `The bundle could not be written so that verify accepts it: ${again.bombs.join(', ')} still expand beyond the ratio verify allows`,
    'Report this as a bug in perfgate, with the sizes of those files; nothing was written.',
  );
}

interface Staged {
  digest: FileDigest;
  /** Deflated entries past verify's expansion ratio (to be stored instead). */
  bombs: string[];
}

async function stageZip(
  writer: OutputWriter,
  sorted: readonly BundleEntry[],
  options: BundleOptions,
  forceStored: ReadonlySet<string>,
): Promise<Staged> {
  const zip = new ZipStreamWriter(DEFLATE_LEVEL);
  const written = writer.putStream(BUNDLE, zip.out);
  // Surface a failed write at once instead of waiting for an entry that will never finish.
  const failed = written.then(() => new Promise<never>(() => undefined));
  const dos = dosDateTime(options.date);
  const bombs: string[] = [];
  // The entry under way: on a failure it is stopped and awaited, so that no file it reads stays open.
  let adding: Promise<unknown> = Promise.resolve();
  // One read buffer for every deflated entry and every CRC pass: their consumer is done with a chunk
  // before it asks for the next (zip.add deflates each chunk before the next read). A stored entry's
  // chunks are still queued in the zip's output when the next is read, so each gets its own.
  const scratch = Buffer.allocUnsafe(STREAM_CHUNK);
  try {
    for (const entry of sorted) {
      const store = isStored(entry.name, forceStored);
      const crc = store ? await crcOf(entry, scratch) : undefined;
      const chunks = entryChunks(entry, options.onBytes, store ? undefined : scratch);
      const add = zip.add(
        entry.name,
        dos,
        chunks,
        crc !== undefined ? { crc, bytes: entry.bytes } : undefined,
      );
      adding = add;
      const w = await Promise.race([add, failed]);
      checkSame(entry, { sha256: w.sha256, bytes: w.usize });
      if (crc !== undefined && w.crc !== crc) throw changedError(entry.name, entry.bytes, w.usize, 'content');
      if (!store && isBomb(w.usize, w.csize)) bombs.push(entry.name);
    }
    const end = await Promise.race([zip.finish(), failed]);
    const digest = await written;
    if (options.check !== false) {
      const problems = await checkCentral(writer.staged(BUNDLE), end);
      if (problems.length > 0)
        throw new EmitError(
          `The bundle read back does not match what was written: ${problems.join('; ')}`,
          'Check the disk the cycle directory is on, then run the command again; nothing was written.',
        );
    }
    return { digest, bombs };
  } catch (e) {
    zip.abort();
    await adding.catch(() => undefined);
    await written.catch(() => undefined);
    throw e;
  }
}

/** What `perfgate verify` would call a compression bomb (evidence/zip-checks.ts, with its default limits). */
function isBomb(usize: number, csize: number): boolean {
  return usize >= DEFAULT_LIMITS.ratioMinBytes && usize > DEFAULT_LIMITS.maxRatio * Math.max(csize, 1);
}

/** The CRC-32 a stored entry's local header needs: from the manifest pass, else computed here. */
async function crcOf(entry: BundleEntry, scratch: Buffer): Promise<number> {
  if (entry.crc32 !== undefined) return entry.crc32;
  let crc = 0;
  for await (const chunk of entryChunks(entry, undefined, scratch)) crc = crc32(chunk, crc);
  return crc >>> 0;
}

/**
 * The entry's bytes: the buffer, or the file read in 64 KiB chunks (one more byte shows growth),
 * into `scratch` when given (the consumer is done with each chunk before it asks for the next),
 * else into a new buffer each.
 */
async function* entryChunks(
  entry: BundleEntry,
  onBytes?: (n: number) => void,
  scratch?: Buffer,
): EntryChunks {
  if (entry.source.kind === 'buffer') {
    yield entry.source.data;
    return;
  }
  const handle = await openEvidence(entry.source.abs, entry.name);
  try {
    let pos = 0;
    const limit = entry.bytes + 1;
    while (pos < limit) {
      const size = Math.min(STREAM_CHUNK, limit - pos);
      const buf = scratch ? scratch.subarray(0, size) : Buffer.allocUnsafe(size);
      const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      onBytes?.(bytesRead);
      yield buf.subarray(0, bytesRead);
    }
  } catch (e) {
    if (e instanceof EmitError) throw e;
    throw new EmitError(
      `Could not read evidence while bundling: ${(e as Error).message}`,
      'Run the command again.',
    );
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function checkSame(entry: BundleEntry, actual: FileDigest): void {
  if (actual.bytes !== entry.bytes || actual.sha256 !== entry.sha256)
    throw changedError(
      entry.name,
      entry.bytes,
      actual.bytes,
      actual.bytes === entry.bytes ? 'content' : 'size',
    );
}
