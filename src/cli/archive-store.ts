/** What `perfgate archive` does with object storage: push first, and copy pointers, never stored bytes. */
import { storeClient } from '../core/store/client.ts';
import { objectSize } from '../core/store/objects.ts';
import { pushCandidates, pushFiles } from '../core/store/push.ts';
import { walkCycle, type FileEntry } from '../core/load/walk.ts';
import { PerfgateError } from '../core/errors.ts';
import { readStoreConfig } from './store-config.ts';

/**
 * With a store configured, pushes every file above evidence.max_inline_bytes and checks (HEAD) that
 * every stored file's object is there with its size, so that the archive never points at nothing.
 * Returns notes for the output.
 */
export async function pushBeforeArchive(artifactsDir: string, configFile: string): Promise<string[]> {
  // A broken config is reported by the report step with its line; here it only means: no push.
  const store = await readStoreConfig(configFile).catch(() => undefined);
  if (!store) return [];
  const client = storeClient(store);
  const walked = await walkCycle(artifactsDir).catch(() => undefined);
  if (!walked) return [];
  const pushed = await pushFiles(artifactsDir, pushCandidates(walked.files, store), store, client);
  const after = await walkCycle(artifactsDir);
  for (const f of after.files) {
    if (!f.stored) continue;
    const size = await objectSize(client, f.stored.object);
    if (size !== f.stored.bytes)
      throw new PerfgateError(
        `Refusing to archive: ${f.path} is stored as ${f.stored.object}, which ${size === undefined ? 'is not in the object store' : `holds ${size} bytes, not ${f.stored.bytes}`}`,
        'Push it again from a cycle that holds the file (`perfgate evidence push`), or restore the object; an archive never points at nothing.',
        1,
      );
  }
  return pushed.map(
    (p) => `${p.action === 'uploaded' ? 'stored' : 'already stored'} ${p.path} as ${p.object}`,
  );
}

/** The file of the cycle that the archive copies for `f`: a stored file's pointer, else the file itself. */
export function archivedSource(f: FileEntry): { from: string; path: string } {
  return f.stored ? { from: f.stored.pointerAbs, path: f.stored.pointer } : { from: f.abs, path: f.path };
}
