/** Streaming SHA-256 of evidence files: flat memory however large the file, links never followed. */
import { createHash, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { EmitError, errnoCode } from './errors.ts';

/** A SHA-256 digest as perfgate writes it: 64 lowercase hex digits. */
export const DIGEST = /^[0-9a-f]{64}$/;

/** Read size of the hashing streams: large reads keep the per-chunk overhead far below the hash cost. */
export const CHUNK_BYTES = 1024 * 1024;

export interface FileDigest {
  sha256: string;
  bytes: number;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Opens a regular file for reading, refusing a symbolic link at open time (O_NOFOLLOW) and
 * anything that is not a regular file (a FIFO would block forever).
 */
export async function openEvidence(abs: string, display: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = errnoCode(e);
    throw new EmitError(
      `Could not read evidence file ${display} (${code === 'ELOOP' ? 'it is a symbolic link' : (code ?? String(e))})`,
      code === 'ENOENT'
        ? 'The file disappeared while perfgate was running; run the command again once the cycle directory is stable.'
        : 'Replace links with the files themselves and check that every file is readable.',
    );
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw new EmitError(
      `Evidence file ${display} is not a regular file`,
      'Only regular files are evidence; remove it.',
    );
  }
  return handle;
}

/** A pass-through stream that hashes and counts exactly the bytes it passes on. */
export class HashingTap extends Transform {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;
  private readonly onBytes: ((n: number) => void) | undefined;
  constructor(onBytes?: (n: number) => void) {
    super({ highWaterMark: CHUNK_BYTES });
    this.onBytes = onBytes;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(chunk.length);
    done(null, chunk);
  }
  digest(): FileDigest {
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

/** Read buffers kept between files: thousands of files allocate two buffers in all, not two each. */
const spare: Buffer[] = [];
const takeBuffer = (): Buffer => spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);

/**
 * Hashes one file (SHA-256 and, for the bundle's stored entries, CRC-32) by streaming it through two reused buffers: the next read runs (in the thread
 * pool) while the current chunk is hashed, and no garbage accumulates, so memory stays flat and
 * the speed close to `openssl dgst`. With `limit`, reads at most `limit + 1` bytes: enough to see
 * that a file grew since it was listed without reading a runaway file to its end.
 */
export async function hashFile(
  abs: string,
  display: string,
  options: { limit?: number; onBytes?: (n: number) => void; crc?: boolean } = {},
): Promise<FileDigest & { crc32?: number }> {
  const handle = await openEvidence(abs, display);
  const hash = createHash('sha256');
  let crc = 0;
  const max = options.limit === undefined ? Infinity : options.limit + 1;
  const buffers = [takeBuffer(), takeBuffer()] as const;
  let bytes = 0;
  try {
    const read = (i: number) => handle.read(buffers[i % 2]!, 0, Math.min(CHUNK_BYTES, max - bytes), bytes);
    let turn = 0;
    let pending = max > 0 ? read(turn) : undefined;
    while (pending) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const chunk = buffers[turn % 2]!.subarray(0, bytesRead);
      bytes += bytesRead;
      turn++;
      pending = bytes < max ? read(turn) : undefined;
      hash.update(chunk);
      if (options.crc) crc = crc32(chunk, crc);
      options.onBytes?.(bytesRead);
    }
  } catch (e) {
    throw new EmitError(
      `Could not read evidence file ${display} (${errnoCode(e) ?? String(e)})`,
      'Check that the file is readable and not being modified, then run the command again.',
    );
  } finally {
    await handle.close();
    spare.push(...buffers);
  }
  const digest = { sha256: hash.digest('hex'), bytes };
  return options.crc ? { ...digest, crc32: crc >>> 0 } : digest;
}
