/** `perfgate evidence status`: what is where, for every evidence file that is or would be stored. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { FileEntry } from '../load/pointer.ts';
import { StoreError } from './client.ts';
import type { StoreConfig } from './config.ts';
import { objectSize } from './objects.ts';
import { pushCandidates } from './push.ts';

export interface StatusLine {
  path: string;
  bytes: number;
  sha256: string | null;
  object: string | null;
  /** `to-push`: above max_inline_bytes, still only in the cycle; `stored`: the cycle holds its pointer. */
  state: 'to-push' | 'stored';
  /** For a stored file: whether its bytes are in the cycle too. */
  local: boolean;
  /** For a stored file, after asking the store: present (with the right size), missing, other-size, or unchecked. */
  remote: 'present' | 'missing' | 'other-size' | 'unchecked' | null;
  /** Why the store could not be asked (no credentials, offline). */
  reason?: string;
}

/** Lists the files to push and the stored ones; with a client, asks the store for each object (HEAD only). */
export async function evidenceStatus(
  files: readonly FileEntry[],
  store: StoreConfig | undefined,
  client: S3Client | undefined,
): Promise<StatusLine[]> {
  const out: StatusLine[] = [];
  for (const f of store ? pushCandidates(files, store) : [])
    out.push({
      path: f.path,
      bytes: f.bytes,
      sha256: null,
      object: null,
      state: 'to-push',
      local: true,
      remote: null,
    });
  for (const f of files) {
    const s = f.stored;
    if (!s) continue;
    const line: StatusLine = {
      path: f.path,
      bytes: s.bytes,
      sha256: s.sha256,
      object: s.object,
      state: 'stored',
      local: s.local,
      remote: 'unchecked',
    };
    if (client)
      try {
        const size = await objectSize(client, s.object);
        line.remote = size === undefined ? 'missing' : size === s.bytes ? 'present' : 'other-size';
      } catch (e) {
        line.reason = e instanceof StoreError ? e.message : String(e);
      }
    out.push(line);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
