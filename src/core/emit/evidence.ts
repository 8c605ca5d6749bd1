/** The evidence files of a cycle and their first hashing pass (the one the manifest records). */
import { ARTIFACT_BY_PATH, GENERATED_FILES } from '../artifacts.ts';
import type { LoadedCycle } from '../load/cycle.ts';
import type { UpstreamFile } from '../load/upstream.ts';
import type { StoredFile } from '../load/pointer.ts';
import { EmitError } from '../evidence/errors.ts';
import { hashFile } from '../evidence/hash.ts';
import { isCompressedFormat } from '../evidence/stored-formats.ts';
import { SIGNED_STATEMENT } from '../sign/statement.ts';

export type EvidenceRole = 'input' | 'attachment' | 'generated';

/** One file of the cycle directory that is evidence, before hashing. */
export interface EvidenceSource {
  /** Relative, `/`-separated. */
  path: string;
  abs: string;
  /** Size when the cycle was listed. */
  listedBytes: number;
  role: Exclude<EvidenceRole, 'generated'>;
  /** Kept in object storage: the cycle holds its pointer (and maybe a local copy). */
  stored?: StoredFile;
}

export interface HashedFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface HashedEvidence extends HashedFile {
  abs: string;
  role: EvidenceRole;
  stored?: StoredFile;
  /** CRC-32 of the file's bytes (from the same pass), for the bundle's stored entries. */
  crc32?: number;
}

export interface HashedUpstream extends HashedFile {
  abs: string;
  protocol: number;
}

const GENERATED = new Set<string>(GENERATED_FILES);

/**
 * Every file of the cycle that is evidence: all listed files except perfgate's own outputs (they
 * are regenerated, never hashed from an earlier run) and the signed statement; its temporary files
 * live in `.perfgate/`, which the walk never lists, so no name pattern is exempt. Inputs are the
 * contract's artifacts; every other file is an attachment. Sorted by path (code unit).
 */
export function evidenceSources(cycle: LoadedCycle): EvidenceSource[] {
  return cycle.files
    .filter((f) => !GENERATED.has(f.path) && f.path !== SIGNED_STATEMENT)
    .map((f) => ({
      path: f.path,
      abs: f.abs,
      listedBytes: f.bytes,
      role: ARTIFACT_BY_PATH.has(f.path) ? ('input' as const) : ('attachment' as const),
      ...(f.stored ? { stored: f.stored } : {}),
    }));
}

export type ProgressFn = (bytes: number) => void;

/**
 * Hashes every evidence source by streaming; a file whose size changed since listing is an error.
 * A stored file takes its digest from its pointer; a local copy of it must have that digest.
 */
export async function hashEvidence(
  sources: readonly EvidenceSource[],
  onBytes?: ProgressFn,
): Promise<HashedEvidence[]> {
  const out: HashedEvidence[] = [];
  for (const s of sources) {
    if (s.stored) {
      out.push(await storedDigest(s, s.stored, onBytes));
      continue;
    }
    const crc = isCompressedFormat(s.path);
    const digest = await hashFile(s.abs, s.path, { limit: s.listedBytes, onBytes, crc });
    if (digest.bytes !== s.listedBytes) throw changedError(s.path, s.listedBytes, digest.bytes);
    out.push({ path: s.path, abs: s.abs, role: s.role, ...digest });
  }
  return out;
}

async function storedDigest(
  s: EvidenceSource,
  stored: StoredFile,
  onBytes?: ProgressFn,
): Promise<HashedEvidence> {
  const listed = {
    path: s.path,
    abs: s.abs,
    role: s.role,
    stored,
    sha256: stored.sha256,
    bytes: stored.bytes,
  };
  if (!stored.local) return listed;
  const digest = await hashFile(s.abs, s.path, {
    limit: stored.bytes,
    onBytes,
    crc: isCompressedFormat(s.path),
  });
  if (digest.sha256 === stored.sha256 && digest.bytes === stored.bytes)
    return { ...listed, ...(digest.crc32 !== undefined ? { crc32: digest.crc32 } : {}) };
  throw new EmitError(
    `The local copy of ${s.path} (sha256 ${digest.sha256}) is not the stored file its pointer ${stored.pointer} names (sha256 ${stored.sha256})`,
    `Move the local ${s.path} away and run \`perfgate evidence pull\` to fetch the stored one, or delete the pointer if the local file is the evidence; nothing was written.`,
  );
}

/** Hashes the upstream artifacts of protocols 15-17 found beside the cycle. */
export async function hashUpstream(
  upstream: readonly UpstreamFile[],
  onBytes?: ProgressFn,
): Promise<HashedUpstream[]> {
  const out: HashedUpstream[] = [];
  for (const u of upstream) {
    const digest = await hashFile(u.abs, u.path, { limit: u.bytes, onBytes });
    if (digest.bytes !== u.bytes) throw changedError(u.path, u.bytes, digest.bytes);
    out.push({ path: u.path, abs: u.abs, protocol: u.protocol, ...digest });
  }
  return out;
}

/** A file that changed while perfgate was reading the cycle. */
export function changedError(file: string, expected: number, actual: number, what = 'size'): EmitError {
  return new EmitError(
    `Evidence file ${file} changed while perfgate was running (${what} ${expected === actual ? 'differs' : `${expected} -> ${actual} bytes`})`,
    'Stop whatever is writing to the cycle directory and run the command again; nothing was written.',
  );
}
