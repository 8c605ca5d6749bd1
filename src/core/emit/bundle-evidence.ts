/** The bundle entries of a cycle's evidence files, stored files included (ARTIFACTS.md section 9). */
import { MAX_POINTER_BYTES } from '../load/pointer.ts';
import { readFileNoFollow } from '../load/read-no-follow.ts';
import type { BundleEntry } from './bundle.ts';
import { EmitError } from '../evidence/errors.ts';
import type { HashedEvidence } from './evidence.ts';
import { sha256Hex } from '../evidence/hash.ts';

/** What the bundle holds for a stored file: its pointer, or its bytes (then a local copy must be here). */
export type StoredInBundle = 'pointer' | 'object';

/** The bundle entry name of an evidence file: its own path, or for a stored file bundled as a pointer, the pointer's. */
export function bundleName(f: HashedEvidence, mode: StoredInBundle): string {
  return !f.stored || (mode === 'object' && f.stored.local) ? f.path : f.stored.pointer;
}

/**
 * One entry per evidence file: the file itself, streamed; for a stored file its pointer (under the
 * pointer's name) or, with `object`, its local copy under its own name.
 */
export async function evidenceEntries(
  evidence: readonly HashedEvidence[],
  mode: StoredInBundle,
): Promise<BundleEntry[]> {
  const out: BundleEntry[] = [];
  for (const f of evidence) {
    const stored = f.stored;
    if (!stored || bundleName(f, mode) === f.path) {
      out.push({
        name: f.path,
        sha256: f.sha256,
        bytes: f.bytes,
        ...(f.crc32 !== undefined ? { crc32: f.crc32 } : {}),
        source: { kind: 'file', abs: f.abs },
      });
      continue;
    }
    if (mode === 'object')
      throw new EmitError(
        `${f.path} is kept in object storage (${stored.object}) and the config's evidence.bundle is \`object\`, but its bytes are not in the cycle`,
        'Run `perfgate evidence pull` first (it fetches and checks the file), or set evidence.bundle to `pointer`; nothing was written.',
      );
    const data = await readFileNoFollow(stored.pointerAbs, MAX_POINTER_BYTES);
    out.push({
      name: stored.pointer,
      sha256: sha256Hex(data),
      bytes: data.length,
      source: { kind: 'buffer', data },
    });
  }
  return out;
}
