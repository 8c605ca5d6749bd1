/** Reading, checking and writing one object by streaming: memory stays flat whatever its size. */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { HashingTap, openEvidence, type FileDigest } from '../evidence/hash.ts';
import { parseObjectUrl } from './config.ts';
import { storeError, StoreError } from './client.ts';

/**
 * Multipart uploads: four parts in flight, each of S3's smallest part size (5 MiB) unless the file
 * needs larger parts to fit S3's 10,000 parts. The parts in flight are what an upload holds in
 * memory (the SDK buffers each), so the smallest parts keep the peak flat and low.
 */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const PARTS_IN_FLIGHT = 4;
/**
 * Reads of an upload: 64 KiB, as a plain file stream reads. The SDK copies them into its part
 * buffers, so larger reads only add garbage: with 1 MiB reads a 1 GiB push peaked at 202 MB, with
 * 64 KiB at 182 MB (`npm run bench:store`).
 */
const UPLOAD_READ_BYTES = 64 * 1024;
const MAX_PARTS = 10_000;

/** The part size for a file of `bytes`: 5 MiB, or the whole MiB that fits it in 10,000 parts. */
export function partBytesFor(bytes: number): number {
  const mib = 1024 * 1024;
  return Math.max(MIN_PART_BYTES, Math.ceil(bytes / MAX_PARTS / mib) * mib);
}

/** The object's size, or undefined when there is no object at that URL. */
export async function objectSize(client: S3Client, url: string): Promise<number | undefined> {
  const { bucket, key } = parseObjectUrl(url);
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (e) {
    const err = storeError(e, url);
    if (err.reason === 'missing') return undefined;
    throw err;
  }
}

/** A GET of the object as a stream (a missing object is a StoreError with reason `missing`). */
async function getStream(client: S3Client, url: string, signal?: AbortSignal): Promise<Readable> {
  const { bucket, key } = parseObjectUrl(url);
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
      ...(signal ? { abortSignal: signal } : {}),
    });
    return out.Body as Readable;
  } catch (e) {
    throw storeError(e, url);
  }
}

/**
 * Streams the object through SHA-256 into `sink` (nothing kept for a digest only), reading at most
 * `limit + 1` bytes: enough to tell that an object is larger than expected.
 */
async function streamObject(
  client: S3Client,
  url: string,
  limit: number,
  sink: NodeJS.WritableStream | undefined,
  onBytes?: (n: number) => void,
): Promise<FileDigest> {
  const controller = new AbortController();
  const body = await getStream(client, url, controller.signal);
  const tap = new HashingTap((n) => {
    onBytes?.(n);
    if (tap.bytes > limit) controller.abort();
  });
  try {
    if (sink) await pipeline(body, tap, sink);
    else {
      body.pipe(tap);
      for await (const _ of tap);
    }
  } catch (e) {
    if (tap.bytes > limit) return { sha256: '', bytes: tap.bytes };
    throw storeError(e, url);
  }
  return tap.digest();
}

/** The SHA-256 and size of a stored object, read by streaming (a `bytes` over `limit` means larger). */
export function digestObject(
  client: S3Client,
  url: string,
  limit: number,
  onBytes?: (n: number) => void,
): Promise<FileDigest> {
  return streamObject(client, url, limit, undefined, onBytes);
}

/** Downloads the object into `dest` (a new file, never an existing one) and returns its digest. */
export async function downloadObject(
  client: S3Client,
  url: string,
  dest: string,
  limit: number,
  onBytes?: (n: number) => void,
): Promise<FileDigest> {
  return streamObject(client, url, limit, createWriteStream(dest, { flags: 'wx', mode: 0o644 }), onBytes);
}

export interface UploadOptions {
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
  partBytes?: number;
}

/**
 * Uploads a file to `url` (multipart above one part, streamed, an interrupted upload aborted so no
 * part is left behind) and returns the digest of the bytes actually sent, which the caller compares
 * with the digest the object is named by.
 */
export async function uploadFile(
  client: S3Client,
  url: string,
  abs: string,
  display: string,
  expected: FileDigest,
  options: UploadOptions = {},
): Promise<FileDigest> {
  const { bucket, key } = parseObjectUrl(url);
  const handle = await openEvidence(abs, display);
  const tap = new HashingTap(options.onBytes);
  const source = handle.createReadStream({ highWaterMark: UPLOAD_READ_BYTES });
  source.on('error', (e) => tap.destroy(e));
  source.pipe(tap);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const upload = new Upload({
    client,
    params: {
      Bucket: bucket,
      Key: key,
      Body: tap,
      ContentType: 'application/octet-stream',
      Metadata: { sha256: expected.sha256 },
    },
    partSize: options.partBytes ?? partBytesFor(expected.bytes),
    queueSize: PARTS_IN_FLIGHT,
    leavePartsOnError: false,
    abortController: controller,
  });
  try {
    await upload.done();
  } catch (e) {
    if (controller.signal.aborted)
      throw new StoreError(
        `The upload of ${display} to ${url} was interrupted; the unfinished multipart upload was aborted and no object was written`,
        'Run `perfgate evidence push` again: an upload starts over, and the cycle still holds the file.',
        'unreachable',
      );
    throw storeError(e, url);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    source.destroy();
    await handle.close();
  }
  return tap.digest();
}
