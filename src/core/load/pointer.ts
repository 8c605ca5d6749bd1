/**
 * Pointer files: a stored evidence file is replaced in the cycle by `<file>.perfgate-pointer.json`,
 * a small JSON file naming the real file's path, SHA-256, size and object (ARTIFACTS.md section 9).
 * Every layer above `load` sees the real file through it and never where its bytes live.
 */
import { parseStrictJson } from './json.ts';
import { decodeUtf8 } from './text.ts';

export const POINTER_SUFFIX = '.perfgate-pointer.json';
/** The format's version; a pointer of another version is refused, never guessed at. */
export const POINTER_FORMAT = 1;
/** Largest pointer file read: a pointer holds five short fields. */
export const MAX_POINTER_BYTES = 64 * 1024;

export interface Pointer {
  /** The real file's path in the cycle, relative and `/`-separated. */
  path: string;
  sha256: string;
  bytes: number;
  /** Where the bytes are: `s3://bucket/prefix/sha256/<hex>`. */
  object: string;
}

/** One evidence file of a cycle as the walk lists it. */
export interface FileEntry {
  /** Path relative to the cycle directory, `/`-separated. */
  path: string;
  /**
   * Absolute path on disk. For a stored file, where its local copy is or would be: read it only
   * when `stored.local` is true.
   */
  abs: string;
  bytes: number;
  /** Set when the file is kept in object storage and the cycle holds its pointer. */
  stored?: StoredFile;
}

/** A stored file: its pointer (path and place on disk) and whether a matching local copy is here too. */
export interface StoredFile extends Pointer {
  pointer: string;
  pointerAbs: string;
  local: boolean;
}

const HEX = /^[0-9a-f]{64}$/;
const OBJECT = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/(?:[^\s]*\/)?sha256\/([0-9a-f]{64})$/;

/** The path of the pointer that stands for `file`. */
export function pointerPathOf(file: string): string {
  return `${file}${POINTER_SUFFIX}`;
}

/** The real file a pointer path stands for, or undefined when `p` is not a pointer's name. */
export function pointedPath(p: string): string | undefined {
  return p.endsWith(POINTER_SUFFIX) && p.length > POINTER_SUFFIX.length
    ? p.slice(0, -POINTER_SUFFIX.length)
    : undefined;
}

/** The bytes perfgate writes for a pointer: fixed key order, two-space JSON, a final newline. */
export function pointerBytes(p: Pointer): Buffer {
  const doc = {
    perfgate_pointer: POINTER_FORMAT,
    path: p.path,
    sha256: p.sha256,
    bytes: p.bytes,
    object: p.object,
  };
  return Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8');
}

/**
 * Parses a pointer file found at `pointerPath`: strict JSON, every field checked, its `path` the
 * pointer's own name without the suffix, and its object named by the same digest. Returns the
 * pointer or what is wrong with it (a sentence for a diagnostic).
 */
export function parsePointer(bytes: Buffer, pointerPath: string): Pointer | string {
  const expected = pointedPath(pointerPath);
  const text = decodeUtf8(bytes);
  if (!text.ok) return 'it is not UTF-8 text';
  const parsed = parseStrictJson(text.text, pointerPath);
  if (parsed.diagnostics.length > 0) return `it is not valid JSON (${parsed.diagnostics[0]!.message})`;
  const d = parsed.data;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return 'it is not a JSON object';
  const o = d as Record<string, unknown>;
  if (o.perfgate_pointer !== POINTER_FORMAT)
    return `unexpected perfgate_pointer ${JSON.stringify(o.perfgate_pointer)}, expected ${POINTER_FORMAT}`;
  if (typeof o.path !== 'string' || o.path !== expected)
    return `unexpected path ${JSON.stringify(o.path)}, expected ${JSON.stringify(expected)} (a pointer stands for the file of its own name without ${POINTER_SUFFIX})`;
  if (typeof o.sha256 !== 'string' || !HEX.test(o.sha256))
    return `unexpected sha256 ${JSON.stringify(o.sha256)}, expected 64 lowercase hex digits`;
  if (!Number.isSafeInteger(o.bytes) || (o.bytes as number) < 0)
    return `unexpected bytes ${JSON.stringify(o.bytes)}, expected a whole number of bytes`;
  const m = typeof o.object === 'string' ? OBJECT.exec(o.object) : null;
  if (!m || m[1] !== o.sha256)
    return `unexpected object ${JSON.stringify(o.object)}, expected s3://<bucket>/<prefix>/sha256/${o.sha256}`;
  return { path: o.path, sha256: o.sha256, bytes: o.bytes as number, object: o.object as string };
}
