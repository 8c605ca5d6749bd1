/** Reading a manifest and a SHA256SUMS file back (for `perfgate verify`): strict, every flaw named. */
import { parseStrictJson } from '../load/json.ts';
import { decodeUtf8 } from '../load/text.ts';
import { DIGEST } from './hash.ts';
import { KEY_TYPES, type SignedBy } from './manifest.ts';
import { unsafeName } from './names.ts';
import type { Problem } from './zip-checks.ts';

export interface ExpectedFile {
  path: string;
  sha256: string;
  bytes: number | null;
  /** A file kept in object storage: its object URL and the pointer that stands for it (section 9). */
  stored?: { object: string; pointer: string };
}

const OBJECT_URL = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/(?:\S*\/)?sha256\/([0-9a-f]{64})$/;

/** A manifest entry's `stored` field: its object named by the entry's digest, its pointer beside the file. */
function storedField(item: Record<string, unknown>, file: string, sha256: string, problems: Problem[]) {
  const s = item.stored;
  if (s === undefined) return undefined;
  const ok =
    isObject(s) &&
    typeof s.object === 'string' &&
    OBJECT_URL.exec(s.object)?.[1] === sha256 &&
    s.pointer === `${file}.perfgate-pointer.json`;
  if (!ok) {
    problems.push({
      kind: 'manifest',
      path: file,
      message: `malformed \`stored\` ${JSON.stringify(s)} in the manifest (expected {"object": "s3://<bucket>/<prefix>/sha256/${sha256}", "pointer": "${file}.perfgate-pointer.json"})`,
    });
    return undefined;
  }
  return { object: s.object as string, pointer: s.pointer as string };
}

export interface ReadManifest {
  cycleId: string | null;
  generatedAt: string | null;
  /** The chain link: the previous archived cycle's manifest digest (null for the first). */
  previous: string | null;
  /** The key the cycle's decision was signed with, when the manifest records one. */
  signedBy: SignedBy | null;
  files: ExpectedFile[];
  upstream: ExpectedFile[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one listed file: a safe path, a well-formed digest, a byte count; flaws become problems. */
function listedFile(
  item: unknown,
  where: string,
  problems: Problem[],
  pathOk: (p: string) => string | undefined,
): ExpectedFile | undefined {
  if (!isObject(item) || typeof item.path !== 'string') {
    problems.push({ kind: 'manifest', path: where, message: 'entry without a `path` string' });
    return undefined;
  }
  const unsafe = pathOk(item.path);
  if (unsafe) {
    problems.push({ kind: 'unsafe-name', path: item.path, message: `manifest path rejected: ${unsafe}` });
    return undefined;
  }
  if (typeof item.sha256 !== 'string' || !DIGEST.test(item.sha256)) {
    problems.push({
      kind: 'malformed-digest',
      path: item.path,
      message: `malformed sha256 ${JSON.stringify(item.sha256)} in the manifest (expected 64 lowercase hex digits)`,
    });
    return undefined;
  }
  const bytes =
    Number.isSafeInteger(item.bytes) && (item.bytes as number) >= 0 ? (item.bytes as number) : null;
  if (bytes === null)
    problems.push({
      kind: 'manifest',
      path: item.path,
      message: 'manifest entry has no valid `bytes` count',
    });
  const stored = storedField(item, item.path, item.sha256, problems);
  return { path: item.path, sha256: item.sha256, bytes, ...(stored ? { stored } : {}) };
}

const UPSTREAM_PATH = /^\.\.\/protocol-1[5-7]\/[^/\\\u0000-\u001f]+$/;

/** Parses evidence-manifest.json; `files` holds only the entries that can be checked. */
export function readManifest(bytes: Buffer, label: string): { manifest?: ReadManifest; problems: Problem[] } {
  const problems: Problem[] = [];
  const text = decodeUtf8(bytes);
  const parsed = text.ok ? parseStrictJson(text.text, label) : undefined;
  if (
    !parsed ||
    parsed.diagnostics.length > 0 ||
    !isObject(parsed.data) ||
    !Array.isArray(parsed.data.files)
  ) {
    const why = parsed?.diagnostics[0]?.message ?? (text.ok ? 'no `files` array' : 'not UTF-8');
    problems.push({ kind: 'manifest', path: label, message: `unreadable manifest: ${why}` });
    return { problems };
  }
  const data = parsed.data;
  const files: ExpectedFile[] = [];
  const seen = new Set<string>();
  (data.files as unknown[]).forEach((item, i) => {
    const f = listedFile(item, `${label}#/files/${i}`, problems, unsafeName);
    if (!f) return;
    if (seen.has(f.path))
      problems.push({ kind: 'duplicate', path: f.path, message: 'listed twice in the manifest' });
    else files.push(f);
    seen.add(f.path);
  });
  const upstream: ExpectedFile[] = [];
  if (Array.isArray(data.upstream))
    data.upstream.forEach((item, i) => {
      const u = listedFile(item, `${label}#/upstream/${i}`, problems, (p) =>
        UPSTREAM_PATH.test(p) ? undefined : 'not a ../protocol-15..17/ file',
      );
      if (u) upstream.push(u);
    });
  const previous = data.previous_manifest_sha256 ?? null;
  if (previous !== null && (typeof previous !== 'string' || !DIGEST.test(previous)))
    problems.push({
      kind: 'malformed-digest',
      path: label,
      message: `malformed previous_manifest_sha256 ${JSON.stringify(previous)} (expected 64 lowercase hex digits or null)`,
    });
  return {
    manifest: {
      previous: typeof previous === 'string' && DIGEST.test(previous) ? previous : null,
      signedBy: signedByOf(data.signed_by, label, problems),
      cycleId: typeof data.cycle_id === 'string' ? data.cycle_id : null,
      generatedAt: typeof data.generated_at === 'string' ? data.generated_at : null,
      files,
      upstream,
    },
    problems,
  };
}

/** The manifest's `signed_by` (absent: unsigned); a malformed one is a problem and counts as unsigned. */
function signedByOf(v: unknown, label: string, problems: Problem[]): SignedBy | null {
  if (v === undefined) return null;
  if (
    isObject(v) &&
    typeof v.keyid === 'string' &&
    DIGEST.test(v.keyid) &&
    (KEY_TYPES as readonly unknown[]).includes(v.key_type)
  )
    return { keyid: v.keyid, key_type: v.key_type as SignedBy['key_type'] };
  problems.push({
    kind: 'manifest',
    path: label,
    message: `malformed signed_by ${JSON.stringify(v)} (expected {"keyid": 64 lowercase hex digits, "key_type": ${KEY_TYPES.map((t) => `"${t}"`).join(' or ')}})`,
  });
  return null;
}

/** Parses SHA256SUMS (`<digest>  <path>` or `<digest> *<path>` lines); malformed lines become problems. */
export function readSums(bytes: Buffer, label: string): { sums: Map<string, string>; problems: Problem[] } {
  const sums = new Map<string, string>();
  const problems: Problem[] = [];
  const text = bytes.toString('utf8');
  text.split('\n').forEach((line, i) => {
    if (line === '' && i === text.split('\n').length - 1) return;
    const m = /^(\S+) [ *](.+)$/.exec(line);
    if (!m) {
      problems.push({
        kind: 'malformed-digest',
        path: `${label}:${i + 1}`,
        message: `malformed line ${JSON.stringify(line)}`,
      });
      return;
    }
    const [, digest, file] = m as unknown as [string, string, string];
    if (!DIGEST.test(digest))
      problems.push({
        kind: 'malformed-digest',
        path: file,
        message: `malformed sha256 ${JSON.stringify(digest)} in ${label} (expected 64 lowercase hex digits)`,
      });
    else if (sums.has(file))
      problems.push({ kind: 'duplicate', path: file, message: `listed twice in ${label}` });
    else sums.set(file, digest);
  });
  return { sums, problems };
}
