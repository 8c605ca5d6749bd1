/**
 * Stored evidence in verification (ARTIFACTS.md section 9): a file kept in object storage is
 * checked through its pointer (which must agree with the manifest) and by fetching the object and
 * hashing it. Verification never knows how objects are fetched: the caller hands it an
 * `ObjectReader`, or none when offline, and then each such file is reported as unfetched.
 */
import type { Finding } from '../evidence/findings.ts';
import type { ExpectedFile } from '../evidence/manifest-read.ts';
import type { Pointer } from '../load/pointer.ts';
import type { Found } from './compare.ts';
import type { Unfetched } from './types.ts';

/** What fetching one object gave: its digest, or why it is missing or could not be read. */
export type ObjectCheck = { sha256: string; bytes: number } | { missing: string } | { unfetched: string };

/** Streams an object and returns its SHA-256 and size (reading at most `bytes + 1` bytes). */
export interface ObjectReader {
  check(object: string, bytes: number): Promise<ObjectCheck>;
}

/** Context shared by the checks of one verification. */
export interface StoredContext {
  reader?: ObjectReader | undefined;
  unfetched: Unfetched[];
  onBytes?: ((n: number) => void) | undefined;
}

/** A pointer that disagrees with the manifest (digest, size or object) is an altered file. */
export function pointerProblem(f: ExpectedFile, p: Pointer, pointerPath: string): Finding | undefined {
  const object = f.stored?.object;
  if (p.sha256 === f.sha256 && (f.bytes === null || p.bytes === f.bytes) && (!object || p.object === object))
    return undefined;
  return {
    kind: 'altered',
    path: pointerPath,
    message: `the pointer names sha256 ${p.sha256} (${p.bytes} bytes) at ${p.object}, the manifest says ${f.sha256}${f.bytes !== null ? ` (${f.bytes} bytes)` : ''}${object ? ` at ${object}` : ''}`,
  };
}

/**
 * Fetches and hashes the stored object of `f`: its digest as found, or undefined when it could not
 * be fetched (then listed as unfetched) or is not in the store (then a `missing` finding).
 */
export async function fetchDigest(
  f: ExpectedFile,
  object: string,
  ctx: StoredContext,
  problems: Finding[],
): Promise<Found | undefined> {
  if (!ctx.reader) {
    ctx.unfetched.push({ path: f.path, object, reason: 'no object store configured or reachable' });
    return undefined;
  }
  const got = await ctx.reader.check(object, f.bytes ?? Number.MAX_SAFE_INTEGER);
  if ('missing' in got) {
    problems.push({ kind: 'missing', path: f.path, message: `stored as ${object}, which ${got.missing}` });
    return undefined;
  }
  if ('unfetched' in got) {
    ctx.unfetched.push({ path: f.path, object, reason: got.unfetched });
    return undefined;
  }
  ctx.onBytes?.(got.bytes);
  return f.bytes !== null && got.bytes > f.bytes
    ? { sha256: '', bytes: got.bytes, partial: true }
    : { sha256: got.sha256, bytes: got.bytes };
}
