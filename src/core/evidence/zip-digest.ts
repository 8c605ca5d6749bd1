/**
 * Streams one entry's data through SHA-256 and CRC-32, inflating it with our own inflater rather
 * than yauzl's: Node's zlib stops at the end of a deflate stream and silently drops the input
 * after it, so only the inflater's count of consumed input (`bytesWritten`) shows bytes hidden
 * after the stream inside the entry's declared span, where a streaming reader finds the data
 * descriptor and the next local header. Memory stays flat: chunks go through and are dropped.
 */
import { createHash } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import type { Problem } from './zip-checks.ts';

export interface ZipEntryDigest {
  name: string;
  sha256: string;
  bytes: number;
  /** The entry's bytes, for the names asked for in `keep` (small metadata files). */
  content?: Buffer;
}

export interface DigestOptions {
  keep?: ReadonlySet<string>;
  keepMaxBytes?: number;
  onBytes?: (n: number) => void;
}

const DEFLATE = 8;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const code = (e: unknown) => (e as { code?: unknown } | null)?.code;

/** Streams one entry, stopping as soon as it yields more than it declared; checks where its deflate stream ends. */
export async function digestEntry(
  zip: ZipFile,
  entry: Entry,
  name: string,
  options: DigestOptions,
): Promise<ZipEntryDigest | Problem> {
  const hash = createHash('sha256');
  let crc = 0;
  let bytes = 0;
  const keep =
    options.keep?.has(name) && entry.uncompressedSize <= (options.keepMaxBytes ?? 64 * 1024 * 1024);
  const chunks: Buffer[] = [];
  let raw: Readable;
  try {
    raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
  } catch (e) {
    return { kind: 'corrupt', path: name, message: `entry data unreadable: ${message(e)}` };
  }
  const inflater = entry.compressionMethod === DEFLATE ? createInflateRaw() : undefined;
  // pipeline, not pipe: a failed read must fail the inflater (not leave it waiting), and an error
  // after we stopped reading must not go unhandled. Its callback has nothing to add: the loop
  // below sees every error.
  const data: Readable = inflater ? pipeline(raw, inflater, () => undefined) : raw;
  try {
    for await (const chunk of data as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > entry.uncompressedSize)
        return {
          kind: 'size-mismatch',
          path: name,
          message: `entry yields more than the ${entry.uncompressedSize} bytes it declares`,
        };
      hash.update(chunk);
      crc = crc32(chunk, crc);
      options.onBytes?.(chunk.length);
      if (keep) chunks.push(chunk);
    }
  } catch (e) {
    if (code(e) === 'Z_BUF_ERROR')
      return {
        kind: 'corrupt',
        path: name,
        message: `deflate stream is truncated: its ${entry.compressedSize} compressed bytes end before its final block`,
      };
    return { kind: 'corrupt', path: name, message: `entry data unreadable: ${message(e)}` };
  } finally {
    raw.destroy();
    inflater?.destroy();
  }
  if (inflater && inflater.bytesWritten !== entry.compressedSize)
    return {
      kind: 'corrupt',
      path: name,
      message: `deflate stream ends after ${inflater.bytesWritten} of the ${entry.compressedSize} compressed bytes the entry declares: ${entry.compressedSize - inflater.bytesWritten} bytes hidden after it (a streaming reader takes them for more entries); expected the stream to fill the entry exactly`,
    };
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
