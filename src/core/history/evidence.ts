/**
 * A cycle's evidence as the site lists it: from its evidence-manifest.json when there is one
 * (each entry checked against the file on disk), else every file hashed by streaming. Files are
 * offered as copies under `cycles/<slug>/files/`; only files the loader listed (no links, nothing
 * out of the cycle) are ever copied.
 */
import { ARTIFACT_BY_PATH, GENERATED_FILES } from '../artifacts.ts';
import { hashFile, type FileDigest } from '../evidence/hash.ts';
import { parseStrictJson } from '../load/json.ts';
import { decodeUtf8 } from '../load/text.ts';
import { readFileNoFollow } from '../load/walk.ts';
import type { LoadedCycle } from '../load/cycle.ts';
import { readStatement, subjectFindings } from '../sign/check.ts';
import { SIGNED_STATEMENT } from '../sign/statement.ts';
import type { DownloadFile, EvidenceFile, EvidenceList, SignatureInfo } from './site-data.ts';
import { EVIDENCE_MANIFEST } from '../artifacts.ts';

const BUNDLE = 'performance-evidence-bundle.zip';
/** Files beside the manifest that it never lists (ARTIFACTS.md section 4). */
const NOT_LISTED = new Set([EVIDENCE_MANIFEST, BUNDLE, SIGNED_STATEMENT]);
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
const IMAGE = /\.(svg|png|jpe?g|gif|webp|avif)$/i;
const DIGEST = /^[0-9a-f]{64}$/;

/** A file on disk that may be copied into the site. */
interface Source {
  abs: string;
  bytes: number;
  copy: string;
  /** A stored file (object storage): its pointer's fields; its bytes are never read or copied. */
  stored?: { sha256: string; bytes: number; object: string };
}

export interface CopyRequest {
  from: string;
  to: string;
}

/** A path with a hidden segment (`diagnostics/.env`): never evidence to publish, never copied. */
export function isHiddenPath(p: string): boolean {
  return p.split('/').some((s) => s.startsWith('.') && s !== '..');
}

/** Where the copy of a cycle file (or an upstream file, `../protocol-NN/name`) lives in the site. */
export function copyPath(slug: string, file: string): string {
  const upstream = /^\.\.\/(protocol-1[5-7])\/([^/]+)$/.exec(file);
  return upstream ? `cycles/${slug}/upstream/${upstream[1]}/${upstream[2]}` : `cycles/${slug}/files/${file}`;
}

function sources(cycle: LoadedCycle, slug: string): Map<string, Source> {
  const out = new Map<string, Source>();
  for (const f of cycle.files)
    out.set(f.path, {
      abs: f.abs,
      bytes: f.bytes,
      copy: copyPath(slug, f.path),
      ...(f.stored
        ? { stored: { sha256: f.stored.sha256, bytes: f.stored.bytes, object: f.stored.object } }
        : {}),
    });
  for (const u of cycle.upstream)
    out.set(u.path, { abs: u.abs, bytes: u.bytes, copy: copyPath(slug, u.path) });
  return out;
}

async function digest(src: Source, display: string): Promise<FileDigest | null> {
  try {
    return await hashFile(src.abs, display);
  } catch {
    return null;
  }
}

function roleOf(file: string): string {
  if (file.startsWith('../')) return 'upstream';
  if ((GENERATED_FILES as readonly string[]).includes(file)) return 'generated';
  return ARTIFACT_BY_PATH.has(file) ? 'input' : 'attachment';
}

interface ManifestEntry {
  path: string;
  sha256: string;
  bytes: number;
  role: string | null;
  gates: number[];
  object: string | null;
}

const isRec = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The entries of a manifest (its `files` and `upstream` lists), or a reason it cannot be read. */
interface ManifestRead {
  entries: ManifestEntry[];
  previous: string | null;
  signedBy: { keyid: string; key_type: string } | null;
}

async function readManifest(src: Source): Promise<ManifestRead | string> {
  let text: string;
  try {
    const decoded = decodeUtf8(await readFileNoFollow(src.abs, MAX_MANIFEST_BYTES));
    if (!decoded.ok) return `${EVIDENCE_MANIFEST} is not valid UTF-8`;
    text = decoded.text;
  } catch {
    return `${EVIDENCE_MANIFEST} could not be read`;
  }
  const parsed = parseStrictJson(text, EVIDENCE_MANIFEST);
  if (!isRec(parsed.data) || parsed.diagnostics.length > 0)
    return `${EVIDENCE_MANIFEST} is not valid JSON${parsed.diagnostics[0] ? `: ${parsed.diagnostics[0].message}` : ''}`;
  const lists = [parsed.data.files, parsed.data.upstream].filter(Array.isArray) as unknown[][];
  if (lists.length === 0) return `${EVIDENCE_MANIFEST} has no \`files\` list`;
  const entries: ManifestEntry[] = [];
  for (const e of lists.flat()) {
    if (!isRec(e) || typeof e.path !== 'string' || typeof e.sha256 !== 'string' || !DIGEST.test(e.sha256))
      return `${EVIDENCE_MANIFEST} has an entry without a path and a SHA-256`;
    entries.push({
      path: e.path,
      sha256: e.sha256,
      bytes: typeof e.bytes === 'number' ? e.bytes : -1,
      role: typeof e.role === 'string' ? e.role : typeof e.protocol === 'number' ? 'upstream' : null,
      gates: Array.isArray(e.gates) ? e.gates.filter((g): g is number => typeof g === 'number') : [],
      object: isRec(e.stored) && typeof e.stored.object === 'string' ? e.stored.object : null,
    });
  }
  const prev = parsed.data.previous_manifest_sha256;
  const by = parsed.data.signed_by;
  return {
    entries,
    previous: typeof prev === 'string' && DIGEST.test(prev) ? prev : null,
    signedBy:
      isRec(by) && typeof by.keyid === 'string' && typeof by.key_type === 'string'
        ? { keyid: by.keyid, key_type: by.key_type }
        : null,
  };
}

async function download(
  all: Map<string, Source>,
  file: string,
  copies: CopyRequest[],
): Promise<DownloadFile | null> {
  const src = all.get(file);
  if (!src) return null;
  const d = await digest(src, file);
  if (!d) return null;
  if (isHiddenPath(file)) return { path: file, bytes: d.bytes, sha256: d.sha256, copy: null };
  copies.push({ from: src.abs, to: src.copy });
  return { path: file, bytes: d.bytes, sha256: d.sha256, copy: src.copy };
}

/** Lists a cycle's evidence and records the copies the build must make. */
export async function readEvidence(
  cycle: LoadedCycle,
  slug: string,
  gatesOf: (file: string) => number[],
  copies: CopyRequest[],
): Promise<EvidenceList> {
  const all = sources(cycle, slug);
  const manifestSrc = all.get(EVIDENCE_MANIFEST);
  const manifest = await readManifestOrProblem(manifestSrc);
  const files: EvidenceFile[] = [];
  if (typeof manifest === 'object') {
    for (const e of manifest.entries) {
      const src = all.get(e.path);
      // A stored file seen through its pointer (or whose pointer is gone): checked by the pointer only.
      if (src?.stored || (e.object !== null && !src)) {
        files.push(storedFile(e, src));
        continue;
      }
      const d = src ? await digest(src, e.path) : null;
      const check: EvidenceFile['check'] = d
        ? d.sha256 === e.sha256 && d.bytes === e.bytes
          ? 'ok'
          : 'altered'
        : !src && e.path.startsWith('../')
          ? 'hash_only'
          : 'missing';
      const publish = src !== undefined && d !== null && !isHiddenPath(e.path);
      if (publish) copies.push({ from: src.abs, to: src.copy });
      files.push({
        path: e.path,
        bytes: e.bytes,
        sha256: e.sha256,
        copy: publish ? src.copy : null,
        role: e.role,
        gates: e.gates,
        check,
        image: IMAGE.test(e.path),
        // Its bytes are here too (an extracted bundle that holds the object): linked, and still named.
        ...(e.object !== null ? { object: e.object } : {}),
      });
    }
  } else {
    for (const [file, src] of all) {
      if (file === EVIDENCE_MANIFEST || file === BUNDLE) continue;
      const d = await digest(src, file);
      if (!d) continue;
      const publish = !isHiddenPath(file);
      if (publish) copies.push({ from: src.abs, to: src.copy });
      files.push({
        path: file,
        bytes: d.bytes,
        sha256: d.sha256,
        copy: publish ? src.copy : null,
        role: roleOf(file),
        gates: gatesOf(file),
        check: 'unlisted',
        image: IMAGE.test(file),
      });
    }
  }
  const listed = new Set(files.map((f) => f.path));
  const manifestDownload = manifestSrc ? await download(all, EVIDENCE_MANIFEST, copies) : null;
  const bundle = await download(all, BUNDLE, copies);
  return {
    source: typeof manifest === 'object' ? 'manifest' : 'computed',
    files,
    extra:
      typeof manifest === 'object'
        ? cycle.files.map((f) => f.path).filter((f) => !listed.has(f) && !NOT_LISTED.has(f))
        : [],
    manifest: manifestSrc ? await download(all, EVIDENCE_MANIFEST, copies) : null,
    bundle,
    previous_manifest_sha256: typeof manifest === 'object' ? manifest.previous : null,
    signature: await signature(all, copies, typeof manifest === 'object' ? manifest : undefined, {
      bundle: bundle?.sha256 ?? null,
      manifest: manifestDownload?.sha256 ?? null,
    }),
    problem: typeof manifest === 'string' ? manifest : null,
  };
}

/**
 * A stored file as the site lists it: checked through its pointer against the manifest (the object
 * is never downloaded by a build), linked by its object URL and digest, never copied.
 */
function storedFile(e: ManifestEntry, src: Source | undefined): EvidenceFile {
  const s = src?.stored;
  const agrees = s !== undefined && s.sha256 === e.sha256 && s.bytes === e.bytes && s.object === e.object;
  return {
    path: e.path,
    bytes: e.bytes,
    sha256: e.sha256,
    copy: null,
    role: e.role,
    gates: e.gates,
    check: agrees ? 'stored' : src ? 'altered' : 'missing',
    image: false,
    ...(e.object !== null ? { object: e.object } : {}),
  };
}

async function readManifestOrProblem(src: Source | undefined): Promise<ManifestRead | string | undefined> {
  return src ? readManifest(src) : undefined;
}

/**
 * The cycle's signed statement, published with its evidence: the key its manifest records, the key
 * ids the statement names, and whether it names this cycle's files (a stale or missing statement
 * is a problem, as it is for `perfgate verify`). Null for a cycle that was never signed.
 */
async function signature(
  all: Map<string, Source>,
  copies: CopyRequest[],
  manifest: ManifestRead | undefined,
  found: { bundle: string | null; manifest: string | null },
): Promise<SignatureInfo | null> {
  const recorded = manifest?.signedBy ?? null;
  const src = all.get(SIGNED_STATEMENT);
  if (!src) {
    if (!recorded) return null;
    return {
      statement: null,
      recorded,
      keyids: [],
      problem: `${SIGNED_STATEMENT}: missing, although evidence-manifest.json records that the cycle was signed by the ${recorded.key_type} key ${recorded.keyid}`,
    };
  }
  const file = await download(all, SIGNED_STATEMENT, copies);
  let read: ReturnType<typeof readStatement>;
  try {
    read = readStatement(await readFileNoFollow(src.abs, MAX_MANIFEST_BYTES));
  } catch {
    read = 'unreadable';
  }
  if (typeof read === 'string')
    return { statement: file, recorded, keyids: [], problem: `${SIGNED_STATEMENT}: ${read}` };
  const digests = new Map([
    [BUNDLE, found.bundle],
    [EVIDENCE_MANIFEST, found.manifest],
    [
      'validation-report.json',
      manifest?.entries.find((e) => e.path === 'validation-report.json')?.sha256 ?? null,
    ],
  ]);
  const stale = subjectFindings(read.subjects, digests);
  return {
    statement: file,
    recorded,
    keyids: read.keyids,
    problem:
      stale.length > 0 ? stale.map((f) => `${SIGNED_STATEMENT}: ${f.path} ${f.message}`).join('; ') : null,
  };
}

/** A download of one file of the cycle (e.g. PERFORMANCE-REPORT.md), recording its copy. */
export async function cycleDownload(
  cycle: LoadedCycle,
  slug: string,
  file: string,
  copies: CopyRequest[],
): Promise<DownloadFile | null> {
  return download(sources(cycle, slug), file, copies);
}
