/**
 * performance-evidence-bundle.zip: byte-identical across runs. Entries sorted by name (code unit),
 * one fixed date (the evaluation time) and mode 0644, no directory entries; already-compressed
 * formats stored, the rest deflated. Each file is hashed as it streams into the zip and must match
 * the digest of the manifest pass; the finished zip is reopened and every entry re-hashed.
 */
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import { cmp } from '../diagnostics.ts';
import { EmitError } from './errors.ts';
import { changedError } from './evidence.ts';
import { HashingTap, openEvidence, sha256Hex, type FileDigest } from './hash.ts';
import { checkNames } from './names.ts';
import type { OutputWriter } from './writer.ts';
import { readZip } from './zip-read.ts';
import { DEFAULT_LIMITS, type Problem } from './zip-checks.ts';

export const BUNDLE = 'performance-evidence-bundle.zip';

/** Chunk size of the bundle's read streams; files up to this size are read whole into one Buffer. */
const STREAM_CHUNK = 256 * 1024;

/** Suffixes of formats that are compressed already: deflating them again costs time and gains nothing. */
const STORED_SUFFIXES = [
  '.zip',
  '.gz',
  '.png',
  '.jpg',
  '.jpeg',
  '.webp',
  '.pb.gz',
  '.pprof',
  '.br',
  '.zst',
  '.xz',
  '.7z',
  '.mp4',
];

/** zlib level: 6 (zip's default) compresses text evidence well at a speed that stays I/O bound. */
export const DEFLATE_LEVEL = 6;

export interface BundleEntry extends FileDigest {
  name: string;
  /** A file of the cycle (streamed) or bytes generated in memory. */
  source: { kind: 'file'; abs: string } | { kind: 'buffer'; data: Buffer };
}

export interface BundleOptions {
  /** The date of every entry (the evaluation time; DOS dates are clamped to 1980-2107). */
  date: Date;
  onBytes?: (n: number) => void;
  /** Read the zip back and re-hash every entry (default true; only the benchmark turns it off to time the parts). */
  check?: boolean;
}

export function isStored(name: string, forced: ReadonlySet<string> = new Set()): boolean {
  const lower = name.toLowerCase();
  return forced.has(name) || STORED_SUFFIXES.some((s) => lower.endsWith(s));
}

/** Writes the bundle through the writer (staged, not committed) and checks it by reading it back. */
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
  const digest = await stageZip(writer, sorted, options, new Set());
  if (options.check === false) return digest;
  const problems = await checkStaged(writer, sorted, options);
  if (problems.length === 0) return digest;
  // Entries that deflated so well that `perfgate verify` would take them for a compression bomb
  // are stored instead, in one more pass.
  const bombs = problems.filter((p) => p.kind === 'bomb');
  if (bombs.length === problems.length) {
    const again = await stageZip(writer, sorted, options, new Set(bombs.map((p) => p.path)));
    const left = await checkStaged(writer, sorted, options);
    if (left.length === 0) return again;
    problems.splice(0, problems.length, ...left);
  }
  throw new EmitError(
    `The bundle read back does not match what was written: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    'Check the disk the cycle directory is on, then run the command again; nothing was written.',
  );
}

async function stageZip(
  writer: OutputWriter,
  sorted: readonly BundleEntry[],
  options: BundleOptions,
  forceStored: ReadonlySet<string>,
): Promise<FileDigest> {
  const archive = new ZipArchive({ zlib: { level: DEFLATE_LEVEL }, highWaterMark: STREAM_CHUNK });
  const written = writer.putStream(BUNDLE, archive);
  // Surface a failed write at once instead of waiting for an entry that will never finish.
  const failed = written.then(() => new Promise<never>(() => undefined));
  try {
    for (const entry of sorted) {
      const data = {
        name: entry.name,
        date: options.date,
        mode: 0o644,
        store: isStored(entry.name, forceStored),
      };
      await Promise.race([appendEntry(archive, entry, data, options), failed]);
    }
    await Promise.race([archive.finalize(), failed]);
    return await written;
  } catch (e) {
    archive.destroy();
    await written.catch(() => undefined);
    throw e;
  }
}

type EntryData = { name: string; date: Date; mode: number; store: boolean };

async function appendEntry(
  archive: ZipArchive,
  entry: BundleEntry,
  data: EntryData,
  options: BundleOptions,
): Promise<void> {
  if (entry.source.kind === 'buffer') {
    if (sha256Hex(entry.source.data) !== entry.sha256)
      throw new Error(`generated ${entry.name} changed in memory`);
    archive.append(entry.source.data, data);
    await entryDone(archive);
    return;
  }
  const handle = await openEvidence(entry.source.abs, entry.name);
  try {
    if (entry.bytes <= STREAM_CHUNK) {
      // Small file: read it whole (one more byte than expected shows growth), hash it, append that Buffer.
      const buf = Buffer.alloc(entry.bytes + 1);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      const bytes = buf.subarray(0, bytesRead);
      checkSame(entry, { sha256: sha256Hex(bytes), bytes: bytesRead });
      options.onBytes?.(bytesRead);
      archive.append(bytes, data);
      await entryDone(archive);
      return;
    }
    const source = handle.createReadStream({ start: 0, end: entry.bytes, highWaterMark: STREAM_CHUNK });
    const tap = new HashingTap(options.onBytes);
    const broken = streamError(source, tap);
    source.pipe(tap);
    archive.append(tap, data);
    await Promise.race([entryDone(archive), broken]);
    checkSame(entry, tap.digest());
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

async function entryDone(archive: ZipArchive): Promise<void> {
  await once(archive, 'entry');
}

/** Rejects when either stream fails (a pipe does not forward errors, and the archive would wait forever). */
function streamError(...streams: Readable[]): Promise<never> {
  return new Promise((_, reject) => {
    for (const s of streams)
      s.once('error', (e: Error) =>
        reject(
          new EmitError(`Could not read evidence while bundling: ${e.message}`, 'Run the command again.'),
        ),
      );
  });
}

/** Reopens the staged zip and re-hashes every entry against the expected list. */
async function checkStaged(
  writer: OutputWriter,
  sorted: readonly BundleEntry[],
  options: BundleOptions,
): Promise<Problem[]> {
  const read = await readZip(writer.staged(BUNDLE), { limits: DEFAULT_LIMITS, onBytes: options.onBytes });
  const problems = [...read.problems];
  const got = new Map(read.entries.map((e) => [e.name, e]));
  for (const e of sorted) {
    const g = got.get(e.name);
    if (!g) {
      if (!problems.some((p) => p.path === e.name))
        problems.push({ kind: 'missing', path: e.name, message: 'entry missing from the written zip' });
    } else if (g.sha256 !== e.sha256 || g.bytes !== e.bytes)
      problems.push({ kind: 'altered', path: e.name, message: 'entry differs from the manifest' });
  }
  if (read.count !== sorted.length)
    problems.push({
      kind: 'extra',
      path: BUNDLE,
      message: `${read.count} entries written, ${sorted.length} expected`,
    });
  return problems;
}
