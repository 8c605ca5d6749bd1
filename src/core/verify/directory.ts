/** Verifying a cycle directory: every file against its manifest, and against its own bundle. */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, FindingKind } from '../evidence/findings.ts';
import { EVIDENCE_MANIFEST, SUMS } from '../evidence/manifest.ts';
import { readFileNoFollow, walkCycle } from '../load/walk.ts';
import { BUNDLE } from '../emit/bundle.ts';
import { EmitError, errnoCode } from '../evidence/errors.ts';
import { hashFile, sha256Hex } from '../evidence/hash.ts';
import { readManifest, type ExpectedFile } from '../evidence/manifest-read.ts';
import { DEFAULT_LIMITS, type ZipLimits } from '../evidence/zip-checks.ts';
import { SIGNED_STATEMENT } from '../sign/statement.ts';
import { checkBundle } from './bundle.ts';
import { checkSums, compare, uniqueSorted, type Found } from './compare.ts';
import { subjectDigests, unkeyedStatementFindings } from './statements.ts';
import { fetchDigest, pointerProblem, type ObjectReader, type StoredContext } from './stored.ts';
import type { VerifyReport } from './types.ts';
import type { FileEntry } from '../load/walk.ts';

/** What the directory walk's diagnostics mean for a verification. */
const WALK_PROBLEM: Record<string, FindingKind> = {
  'fs.symlink': 'symlink',
  'fs.hidden': 'hidden',
  'fs.name-collision': 'unsafe-name',
  'fs.control-character': 'unsafe-name',
  'fs.special-file': 'extra',
  'evidence.pointer-invalid': 'altered',
  'evidence.local-differs': 'altered',
};
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

export interface DirectoryOptions {
  limits?: ZipLimits;
  onBytes?: (n: number) => void;
  /** Fetches stored objects; without one, every stored file without a local copy is unfetched. */
  reader?: ObjectReader | undefined;
}

/** Verifies a cycle (or extracted bundle) directory: re-hashes every listed file, reports extra ones. */
export async function verifyDirectory(dir: string, options: DirectoryOptions = {}): Promise<VerifyReport> {
  let bytes: Buffer;
  try {
    bytes = await readFileNoFollow(path.join(dir, EVIDENCE_MANIFEST), MAX_MANIFEST_BYTES);
  } catch (e) {
    throw new EmitError(
      `No readable ${EVIDENCE_MANIFEST} in ${dir} (${errnoCode(e) ?? String(e)})`,
      'Pass a cycle directory that `perfgate report` has written, or the bundle zip.',
    );
  }
  const { manifest, problems } = readManifest(bytes, EVIDENCE_MANIFEST) as {
    manifest?: ReturnType<typeof readManifest>['manifest'];
    problems: Finding[];
  };
  const manifestSha = sha256Hex(bytes);
  const base = {
    kind: 'directory' as const,
    target: dir,
    notes: [] as string[],
    manifest_sha256: manifestSha,
    bundle_sha256: null as string | null,
  };
  if (!manifest)
    return { ...base, cycle_id: null, generated_at: null, matched: 0, problems: uniqueSorted(problems) };
  const walked = await walkCycle(dir);
  for (const d of walked.diagnostics)
    problems.push({ kind: WALK_PROBLEM[d.code] ?? 'unreadable', path: d.file, message: d.message });
  const reported = new Set(problems.map((p) => p.path));
  const onDisk = new Map(walked.files.map((f) => [f.path, f]));
  const actual = new Map<string, Found>();
  const stored: StoredContext = { reader: options.reader, unfetched: [], onBytes: options.onBytes };
  for (const f of manifest.files) {
    const file = onDisk.get(f.path);
    if (!file || reported.has(f.path)) continue;
    const found = await evidenceDigest(file, f, stored, problems, options.onBytes);
    if (found) actual.set(f.path, found);
  }
  for (const u of stored.unfetched) reported.add(u.path);
  let matched = compare(
    manifest.files,
    actual,
    new Set([...problems.map((p) => p.path), ...reported]),
    problems,
    'the manifest',
  );
  const manifestFound = { sha256: manifestSha, bytes: bytes.length };
  const sums = onDisk.get(SUMS);
  if (sums) actual.set(EVIDENCE_MANIFEST, manifestFound);
  if (sums)
    checkSums(
      await readFileNoFollow(sums.abs, MAX_MANIFEST_BYTES),
      manifest,
      manifestFound,
      actual,
      reported,
      problems,
    );
  // No name pattern is exempt: every regular file outside perfgate's dot-folder is evidence.
  const known = new Set([
    EVIDENCE_MANIFEST,
    SUMS,
    BUNDLE,
    SIGNED_STATEMENT,
    ...manifest.files.map((f) => f.path),
  ]);
  for (const f of walked.files)
    if (!known.has(f.path))
      problems.push({ kind: 'extra', path: f.path, message: 'in the directory but not in the manifest' });
  matched += await checkUpstream(dir, manifest.upstream, problems, base.notes, options.onBytes);
  if (onDisk.has(BUNDLE)) {
    const found = new Map([...actual, [EVIDENCE_MANIFEST, manifestFound]]);
    // A bundle may hold a stored file's pointer instead of its bytes: compare pointer with pointer.
    for (const f of walked.files)
      if (f.stored)
        found.set(
          f.stored.pointer,
          await digestOrProblem(
            f.stored.pointerAbs,
            { path: f.stored.pointer, sha256: '', bytes: null },
            problems,
          ),
        );
    base.bundle_sha256 = await againstBundle(
      onDisk.get(BUNDLE)!.abs,
      manifest.files,
      found,
      problems,
      options,
    );
  }
  const validation = manifest.files.find((f) => f.path === 'validation-report.json')?.sha256 ?? null;
  problems.push(
    ...(await unkeyedStatementFindings(
      dir,
      subjectDigests({ ...base, validation_report_sha256: validation }),
      manifest.signedBy,
      base.notes,
    )),
  );
  return {
    ...base,
    cycle_id: manifest.cycleId,
    generated_at: manifest.generatedAt,
    previous_manifest_sha256: manifest.previous,
    signed_by: manifest.signedBy,
    validation_report_sha256: validation,
    matched,
    problems: uniqueSorted(problems),
    unfetched: stored.unfetched,
  };
}

/** The digest of one listed file: hashed on disk, or for a stored file through its pointer and the store. */
async function evidenceDigest(
  file: FileEntry,
  f: ExpectedFile,
  stored: StoredContext,
  problems: Finding[],
  onBytes?: (n: number) => void,
): Promise<Found | undefined> {
  const s = file.stored;
  if (!s || s.local) return digestOrProblem(file.abs, f, problems, onBytes);
  const wrong = pointerProblem(f, s, s.pointer);
  if (wrong) {
    problems.push({
      ...wrong,
      path: f.path,
      message: `its pointer ${s.pointer} disagrees: ${wrong.message}`,
    });
    return undefined;
  }
  return fetchDigest(f, s.object, stored, problems);
}

/**
 * Upstream files are read only through sibling folders that are real directories: a link named
 * `protocol-15` could point anywhere on the machine, and verify reads nothing outside its path.
 */
async function checkUpstream(
  dir: string,
  upstream: readonly ExpectedFile[],
  problems: Finding[],
  notes: string[],
  onBytes?: (n: number) => void,
): Promise<number> {
  let matched = 0;
  for (const u of upstream) {
    const folder = path.join(dir, path.dirname(u.path));
    const folderOk = await lstat(folder).then(
      (s) => s.isDirectory(),
      () => false,
    );
    const abs = path.join(dir, u.path);
    const present =
      folderOk &&
      (await lstat(abs).then(
        (s) => s.isFile(),
        () => false,
      ));
    if (!present) {
      notes.push(
        `upstream ${u.path} not present here (or not in a real sibling folder: links are never followed); recorded digest ${u.sha256}`,
      );
      continue;
    }
    const got = await digestOrProblem(abs, u, problems, onBytes);
    matched += compare(
      [u],
      new Map([[u.path, got]]),
      new Set(problems.map((p) => p.path)),
      problems,
      'the manifest (upstream)',
    );
  }
  return matched;
}

/** The directory and its own bundle must hold the same bytes for every file; returns the bundle's SHA-256. */
async function againstBundle(
  zipAbs: string,
  listed: readonly ExpectedFile[],
  found: ReadonlyMap<string, Found>,
  problems: Finding[],
  options: DirectoryOptions,
): Promise<string | null> {
  // The bundle's stored objects are the directory's: they were fetched once, above.
  const { report, entries } = await checkBundle(zipAbs, options.limits ?? DEFAULT_LIMITS, options.onBytes);
  for (const p of report.problems) problems.push({ ...p, path: `${BUNDLE}!/${p.path}` });
  const names = new Set<string>([EVIDENCE_MANIFEST]);
  for (const f of listed)
    names.add(f.stored && !entries.has(f.path) && entries.has(f.stored.pointer) ? f.stored.pointer : f.path);
  for (const name of names) {
    const inDir = found.get(name);
    const inZip = entries.get(name);
    if (!inZip) {
      problems.push({
        kind: 'differs-from-bundle',
        path: name,
        message: `in the directory but not in ${BUNDLE}`,
      });
      continue;
    }
    if (!inDir || inDir.partial) continue; // already reported against the manifest
    if (inDir.sha256 !== inZip.sha256)
      problems.push({
        kind: 'differs-from-bundle',
        path: name,
        message: `the directory's copy (sha256 ${inDir.sha256}) differs from ${BUNDLE}'s (sha256 ${inZip.sha256})`,
      });
  }
  for (const name of entries.keys())
    if (!names.has(name) && name !== SUMS)
      problems.push({
        kind: 'differs-from-bundle',
        path: name,
        message: `in ${BUNDLE} but not in the directory's manifest`,
      });
  return report.bundle_sha256;
}

async function digestOrProblem(
  abs: string,
  f: ExpectedFile,
  problems: Finding[],
  onBytes?: (n: number) => void,
): Promise<Found> {
  try {
    const d = await hashFile(abs, f.path, { ...(f.bytes !== null ? { limit: f.bytes } : {}), onBytes });
    return f.bytes !== null && d.bytes > f.bytes ? { sha256: '', bytes: d.bytes, partial: true } : d;
  } catch (e) {
    problems.push({ kind: 'unreadable', path: f.path, message: e instanceof Error ? e.message : String(e) });
    return { sha256: '', bytes: -1 };
  }
}
