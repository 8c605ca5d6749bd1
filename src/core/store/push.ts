/**
 * `perfgate evidence push`: every evidence file above `evidence.max_inline_bytes` goes to the store
 * as `<prefix>/sha256/<hex>` and the cycle keeps a pointer in its place. An object already there is
 * read back and must have the same SHA-256 (then nothing is sent); other bytes under that name are
 * an error. The local file is removed only once the store holds its exact bytes and the pointer is
 * written.
 */
import { lstat, unlink } from 'node:fs/promises';
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ARTIFACT_BY_PATH } from '../artifacts.ts';
import { hashFile, type FileDigest } from '../evidence/hash.ts';
import { pointerBytes, pointerPathOf, POINTER_SUFFIX, type FileEntry } from '../load/pointer.ts';
import { NEVER_STORED } from '../load/stored.ts';
import { objectUrl, parseObjectUrl, type StoreConfig } from './config.ts';
import { StoreError } from './client.ts';
import { digestObject, objectSize, uploadFile } from './objects.ts';
import { writeNew } from './place.ts';

export interface PushedFile {
  path: string;
  sha256: string;
  bytes: number;
  object: string;
  /** `uploaded`; `present` when the store already held these bytes (nothing sent). */
  action: 'uploaded' | 'present';
  /** Whether the local copy was left in the cycle (--keep-local). */
  kept: boolean;
}

export interface PushOptions {
  keepLocal?: boolean;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
  /** Multipart part size (tests use the 5 MiB minimum). */
  partBytes?: number;
}

/** Whether an evidence file may be stored: not an artifact, an output, a pointer or stored already. */
export function storable(f: FileEntry): boolean {
  return (
    !f.stored &&
    !ARTIFACT_BY_PATH.has(f.path) &&
    !NEVER_STORED.has(f.path) &&
    !f.path.endsWith(POINTER_SUFFIX)
  );
}

/** The files a push would store: storable evidence larger than the store's `maxInlineBytes`. */
export function pushCandidates(files: readonly FileEntry[], store: StoreConfig): FileEntry[] {
  return files.filter((f) => storable(f) && f.bytes > store.maxInlineBytes);
}

/** Stores the given files one after the other; the first failure stops the push (files done stay done). */
export async function pushFiles(
  cycleDir: string,
  files: readonly FileEntry[],
  store: StoreConfig,
  client: S3Client,
  options: PushOptions = {},
): Promise<PushedFile[]> {
  const out: PushedFile[] = [];
  for (const f of files) out.push(await pushOne(cycleDir, f, store, client, options));
  return out;
}

async function pushOne(
  cycleDir: string,
  f: FileEntry,
  store: StoreConfig,
  client: S3Client,
  options: PushOptions,
): Promise<PushedFile> {
  const before = await lstat(f.abs);
  const digest = await hashFile(f.abs, f.path);
  const url = objectUrl(store, digest.sha256);
  const action = await ensureObject(f, digest, url, client, options);
  const pointer = pointerBytes({ path: f.path, sha256: digest.sha256, bytes: digest.bytes, object: url });
  const pointerPath = pointerPathOf(f.path);
  if (!(await writeNew(cycleDir, `${f.abs}${POINTER_SUFFIX}`, pointer)))
    throw new StoreError(
      `${pointerPath} already exists with other content; ${f.path} was stored as ${url} but its pointer was not written`,
      `Look at ${pointerPath}: if it is stale, delete it and run \`perfgate evidence push\` again.`,
      'conflict',
    );
  const keep = options.keepLocal === true;
  if (!keep) {
    // Remove the local copy only if it is still the file whose bytes the store now holds.
    const now = await lstat(f.abs);
    if (now.ino !== before.ino || now.size !== before.size || now.mtimeMs !== before.mtimeMs)
      throw new StoreError(
        `${f.path} changed after it was stored as ${url}; the local file was kept`,
        'Stop whatever writes to the cycle, delete the pointer and run `perfgate evidence push` again.',
        'conflict',
      );
    await unlink(f.abs);
  }
  return { path: f.path, sha256: digest.sha256, bytes: digest.bytes, object: url, action, kept: keep };
}

/** Makes sure the store holds exactly the file's bytes under `url`. */
async function ensureObject(
  f: FileEntry,
  digest: FileDigest,
  url: string,
  client: S3Client,
  options: PushOptions,
): Promise<PushedFile['action']> {
  const size = await objectSize(client, url);
  if (size !== undefined) {
    const there =
      size === digest.bytes ? await digestObject(client, url, digest.bytes) : { sha256: '', bytes: size };
    if (there.sha256 === digest.sha256 && there.bytes === digest.bytes) return 'present';
    throw new StoreError(
      `${url} already exists with other bytes (${there.bytes} bytes${there.sha256 ? `, sha256 ${there.sha256}` : ''}) than ${f.path} (${digest.bytes} bytes, sha256 ${digest.sha256}); an object named by a digest must hold those bytes`,
      'The store holds a damaged or tampered copy: have its owner restore or remove that object (perfgate never overwrites or deletes one), then push again.',
      'conflict',
    );
  }
  const sent = await uploadFile(client, url, f.abs, f.path, digest, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onBytes ? { onBytes: options.onBytes } : {}),
    ...(options.partBytes ? { partBytes: options.partBytes } : {}),
  });
  if (sent.sha256 !== digest.sha256 || sent.bytes !== digest.bytes) {
    // The object this push just wrote is not what its name says: remove it so it cannot mislead.
    const { bucket, key } = parseObjectUrl(url);
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
    throw new StoreError(
      `${f.path} changed while it was being uploaded (sha256 ${digest.sha256} before, ${sent.sha256} sent); the upload was discarded`,
      'Stop whatever writes to the cycle and run `perfgate evidence push` again.',
      'conflict',
    );
  }
  const stored = await objectSize(client, url);
  if (stored !== digest.bytes)
    throw new StoreError(
      `${url} holds ${stored ?? 'no'} bytes after the upload of ${f.path} (${digest.bytes} bytes)`,
      'Check the store (a proxy or quota may have cut the upload) and run `perfgate evidence push` again.',
      'refused',
    );
  return 'uploaded';
}
