/**
 * `perfgate evidence pull`: fetches each stored file the cycle lacks, checks its SHA-256 and size
 * against the pointer before the file appears, and puts it in place atomically. A different local
 * file at that path is never overwritten.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { FileEntry } from '../load/pointer.ts';
import { StoreError } from './client.ts';
import { downloadObject } from './objects.ts';
import { placeNew, stagingPath } from './place.ts';
import { unlink } from 'node:fs/promises';

export interface PulledFile {
  path: string;
  sha256: string;
  bytes: number;
  object: string;
  /** `downloaded`; `present` when the cycle already held the file (a local copy of that size, hashed by verify and report). */
  action: 'downloaded' | 'present';
}

/** Pulls every stored file of `files` (the walk of `cycleDir`) that is not here yet. */
export async function pullFiles(
  cycleDir: string,
  files: readonly FileEntry[],
  client: S3Client,
  onBytes?: (n: number) => void,
): Promise<PulledFile[]> {
  const out: PulledFile[] = [];
  for (const f of files) {
    const s = f.stored;
    if (!s) continue;
    const base = { path: f.path, sha256: s.sha256, bytes: s.bytes, object: s.object };
    if (s.local) {
      out.push({ ...base, action: 'present' });
      continue;
    }
    const tmp = await stagingPath(cycleDir, 'pull');
    let got;
    try {
      got = await downloadObject(client, s.object, tmp, s.bytes, onBytes);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    if (got.sha256 !== s.sha256 || got.bytes !== s.bytes) {
      await unlink(tmp).catch(() => undefined);
      throw new StoreError(
        `${s.object} does not hold the bytes of ${f.path}: ${got.bytes > s.bytes ? `more than ${s.bytes} bytes` : `sha256 ${got.sha256} (${got.bytes} bytes)`}, its pointer ${s.pointer} says sha256 ${s.sha256} (${s.bytes} bytes); nothing was written`,
        "The stored object was altered or replaced: restore it from a backup or the bucket's versions (perfgate never accepts other bytes under a digest).",
        'conflict',
      );
    }
    if (!(await placeNew(tmp, f.abs)))
      throw new StoreError(
        `${f.path} exists in the cycle and is not the stored file (its pointer says ${s.bytes} bytes); it was left as it was`,
        `Move ${f.path} away if it is not evidence, then run \`perfgate evidence pull\` again.`,
        'conflict',
      );
    out.push({ ...base, action: 'downloaded' });
  }
  return out;
}
