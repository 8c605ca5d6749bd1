/**
 * A cache of archived cycles' site records, so that a frozen cycle is not loaded, validated,
 * evaluated and rendered again on every build. An entry is keyed by the SHA-256 of the cycle's
 * evidence-manifest.json together with everything else its record depends on (perfgate's version
 * and the fingerprint of the code that made it, the config bytes, the base path and site URL, the
 * cycle's folder); it is used only when its seal verifies (only a perfgate holding the cache secret
 * made it: cache/seal.ts) and every file of the folder matches that manifest now (each re-hashed,
 * none unlisted), so an entry can neither be planted nor stand in for changed evidence. Only cycles
 * whose decision is the frozen one and whose files all verified are stored: into the build's own
 * scratch folder, moved into the cache by the builder once the build succeeded (a failed build
 * leaves the cache as it was).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CacheFolder } from '../cache/folder.ts';
import { hashFile, sha256Hex } from '../evidence/hash.ts';
import { PERFGATE_VERSION } from '../evidence/tool.ts';
import { readFileNoFollow, walkCycle } from '../load/walk.ts';
import type { CopyRequest } from './evidence.ts';
import type { CycleRecord } from './site-data.ts';
import { EVIDENCE_MANIFEST } from '../artifacts.ts';

const BUNDLE = 'performance-evidence-bundle.zip';
const STATEMENT = 'performance-evidence.intoto.json';
const NOT_LISTED = new Set([EVIDENCE_MANIFEST, BUNDLE, STATEMENT]);

export interface CacheHit {
  slug: string;
  record: CycleRecord;
  copies: CopyRequest[];
}

export interface RecordCache {
  /** The cached record of the archived cycle in `dir`, only when its files verify against its manifest. */
  get(dir: string): Promise<CacheHit | undefined>;
  /** Stages a record that came from the frozen decision and whose files all verified. */
  put(dir: string, hit: CacheHit): Promise<void>;
  /** The entries (file names) this build used or staged: the ones the cache keeps. */
  keep(): string[];
}

/** Where the records are read from (the sealed cache's records part) and staged to (the build's). */
export interface RecordStore {
  folder: CacheFolder;
  dir: string;
  staging: string;
}

/** The kind of entry the seal names. */
const KIND = 'record';
/** Largest record file read back (a record holds a cycle's rendered Markdown). */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/** A cache in `store`; `salt` holds what every record depends on besides the cycle itself. */
export function recordCache(
  store: RecordStore,
  salt: { configBytes: string; base: string; site: string | null; code: string },
): RecordCache {
  const prefix = sha256Hex(
    JSON.stringify([PERFGATE_VERSION, salt.code, salt.configBytes, salt.base, salt.site]),
  );
  const keep = new Set<string>();
  const keyOf = async (dir: string) => {
    const manifest = await readFileNoFollow(path.join(dir, EVIDENCE_MANIFEST), 32 * 1024 * 1024).catch(
      () => undefined,
    );
    if (!manifest) return undefined;
    // The signed statement is not in the manifest, but the record shows it: a statement added,
    // changed or removed makes another record.
    const statement = await readFileNoFollow(path.join(dir, STATEMENT), 16 * 1024 * 1024).catch(
      (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : undefined),
    );
    if (statement === undefined) return undefined;
    const signed = statement === null ? null : sha256Hex(statement);
    return {
      key: sha256Hex(JSON.stringify([prefix, path.resolve(dir), sha256Hex(manifest), signed])),
      manifest,
    };
  };
  const fileOf = (key: string) => path.join(store.dir, `${key}.json`);
  return {
    async get(dir) {
      const k = await keyOf(dir);
      if (!k) return undefined;
      const body = await store.folder.readSealed(fileOf(k.key), KIND, k.key, MAX_RECORD_BYTES);
      if (!body) return undefined;
      let hit: CacheHit;
      try {
        hit = JSON.parse(body.toString('utf8')) as CacheHit;
      } catch {
        return undefined;
      }
      if (!(await verifies(dir, k.manifest, hit.record.evidence.bundle))) return undefined;
      keep.add(`${k.key}.json`);
      return hit;
    },
    async put(dir, hit) {
      const ev = hit.record.evidence;
      const clean =
        hit.record.decision.source === 'frozen' &&
        ev.source === 'manifest' &&
        ev.extra.length === 0 &&
        ev.files.every((f) => f.check === 'ok' || f.check === 'hash_only');
      const k = clean ? await keyOf(dir) : undefined;
      if (!k) return;
      await mkdir(store.staging, { recursive: true });
      const name = `${k.key}.json`;
      await store.folder.writeSealed(
        path.join(store.staging, name),
        KIND,
        k.key,
        Buffer.from(JSON.stringify(hit)),
      );
      keep.add(name);
    },
    keep: () => [...keep].sort(),
  };
}

/**
 * Every regular file of `dir` is listed in the manifest with its bytes and SHA-256, none is
 * missing, and the bundle (which the manifest cannot list) is the one the record publishes.
 */
async function verifies(
  dir: string,
  manifest: Buffer,
  bundle: { sha256: string; bytes: number } | null,
): Promise<boolean> {
  let entries: Map<string, { sha256: string; bytes: number }>;
  try {
    const data = JSON.parse(manifest.toString('utf8')) as {
      files?: { path: string; sha256: string; bytes: number }[];
    };
    entries = new Map((data.files ?? []).map((e) => [e.path, e]));
  } catch {
    return false;
  }
  const { files, diagnostics } = await walkCycle(dir);
  if (diagnostics.length > 0) return false;
  const zip = files.find((f) => f.path === BUNDLE);
  if (Boolean(zip) !== Boolean(bundle)) return false;
  if (zip && bundle) {
    const d = await hashFile(zip.abs, zip.path).catch(() => undefined);
    if (!d || d.sha256 !== bundle.sha256 || d.bytes !== bundle.bytes) return false;
  }
  const listed = files.filter((f) => !NOT_LISTED.has(f.path));
  if (listed.length !== entries.size) return false;
  for (const f of listed) {
    const e = entries.get(f.path);
    if (!e || e.bytes !== f.bytes) return false;
    // A stored file is checked through its pointer, as the record was made: never downloaded here.
    if (f.stored) {
      if (f.stored.sha256 !== e.sha256) return false;
      continue;
    }
    const d = await hashFile(f.abs, f.path).catch(() => undefined);
    if (!d || d.sha256 !== e.sha256 || d.bytes !== e.bytes) return false;
  }
  return true;
}
