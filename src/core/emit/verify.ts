/** `perfgate verify`: a bundle (read in place, never extracted) or a directory against its manifest. */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { cmp } from '../diagnostics.ts';
import { readFileNoFollow, walkCycle } from '../load/walk.ts';
import { BUNDLE } from './bundle.ts';
import { EmitError, errnoCode } from './errors.ts';
import { EVIDENCE_MANIFEST } from './evidence-manifest.ts';
import { hashFile, type FileDigest } from './hash.ts';
import { readManifest, readSums, type ExpectedFile, type ReadManifest } from './manifest-read.ts';
import { TEMP_FILE } from './names.ts';
import type { Problem, ZipLimits } from './zip-checks.ts';
import { readZip } from './zip-read.ts';

export const SUMS = 'SHA256SUMS';

/** What the directory walk's diagnostics mean for a verification. */
const WALK_PROBLEM: Record<string, Problem['kind']> = {
  'fs.symlink': 'symlink',
  'fs.name-collision': 'unsafe-name',
  'fs.control-character': 'unsafe-name',
  'fs.special-file': 'extra',
};
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

export interface VerifyReport {
  kind: 'bundle' | 'directory';
  target: string;
  cycle_id: string | null;
  generated_at: string | null;
  /** Files whose digest matched. */
  matched: number;
  problems: Problem[];
  /** Things worth knowing that are not failures (e.g. upstream files not present here). */
  notes: string[];
}

/** Compares what was found with what the manifest lists: altered and missing files. */
function compare(
  expected: readonly ExpectedFile[],
  actual: ReadonlyMap<string, FileDigest>,
  reported: ReadonlySet<string>,
  problems: Problem[],
  what: string,
): number {
  let matched = 0;
  for (const f of expected) {
    if (reported.has(f.path)) continue;
    const got = actual.get(f.path);
    if (!got) problems.push({ kind: 'missing', path: f.path, message: `listed in ${what} but not found` });
    else if (got.sha256 !== f.sha256 || (f.bytes !== null && got.bytes !== f.bytes))
      problems.push({
        kind: 'altered',
        path: f.path,
        message: `sha256 ${got.sha256} (${got.bytes} bytes), ${what} says ${f.sha256}${f.bytes !== null ? ` (${f.bytes} bytes)` : ''}`,
      });
    else matched++;
  }
  return matched;
}

/** SHA256SUMS must list exactly the manifest's files plus the manifest, with the same digests. */
function checkSums(
  sumsBytes: Buffer,
  manifest: ReadManifest | undefined,
  manifestDigest: FileDigest | undefined,
  actual: ReadonlyMap<string, FileDigest>,
  reported: Set<string>,
  problems: Problem[],
): void {
  const { sums, problems: own } = readSums(sumsBytes, SUMS);
  problems.push(...own);
  const listed = [...sums].map(([p, sha256]) => ({ path: p, sha256, bytes: null }));
  compare(
    listed.filter((f) => !reported.has(f.path)),
    actual,
    new Set(problems.map((p) => p.path)),
    problems,
    SUMS,
  );
  if (!manifest) return;
  const inManifest = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  if (manifestDigest) inManifest.set(EVIDENCE_MANIFEST, manifestDigest.sha256);
  for (const [p, sha] of inManifest)
    if (!sums.has(p) && !reported.has(p))
      problems.push({ kind: 'manifest', path: p, message: `listed in the manifest but not in ${SUMS}` });
    else if (sums.has(p) && sums.get(p) !== sha && !reported.has(p))
      problems.push({
        kind: 'manifest',
        path: p,
        message: `${SUMS} and the manifest disagree on its sha256`,
      });
  for (const p of sums.keys())
    if (!inManifest.has(p) && !reported.has(p))
      problems.push({ kind: 'manifest', path: p, message: `listed in ${SUMS} but not in the manifest` });
}

function finish(r: Omit<VerifyReport, 'problems'>, problems: Problem[]): VerifyReport {
  const unique = new Map(problems.map((p) => [`${p.kind}\0${p.path}\0${p.message}`, p]));
  return { ...r, problems: [...unique.values()].sort((a, b) => cmp(a.path, b.path) || cmp(a.kind, b.kind)) };
}

/** Verifies a bundle: entry safety, every entry against the manifest inside it, and SHA256SUMS. */
export async function verifyBundle(
  zipPath: string,
  limits: ZipLimits,
  onBytes?: (n: number) => void,
): Promise<VerifyReport> {
  const read = await readZip(
    { kind: 'file', path: zipPath },
    { limits, keep: new Set([EVIDENCE_MANIFEST, SUMS]), onBytes },
  );
  const problems = [...read.problems];
  const reported = new Set(problems.map((p) => p.path));
  const actual = new Map(read.entries.map((e) => [e.name, e]));
  const base = { kind: 'bundle' as const, target: zipPath, notes: [] as string[] };
  const m = actual.get(EVIDENCE_MANIFEST);
  if (!m?.content) {
    if (!reported.has(EVIDENCE_MANIFEST))
      problems.push({
        kind: 'missing',
        path: EVIDENCE_MANIFEST,
        message: 'the bundle holds no readable manifest',
      });
    return finish({ ...base, cycle_id: null, generated_at: null, matched: 0 }, problems);
  }
  const { manifest, problems: own } = readManifest(m.content, EVIDENCE_MANIFEST);
  problems.push(...own);
  for (const p of own) reported.add(p.path);
  const matched = manifest ? compare(manifest.files, actual, reported, problems, 'the manifest') : 0;
  const sums = actual.get(SUMS);
  if (sums?.content) checkSums(sums.content, manifest, m, actual, reported, problems);
  else if (!reported.has(SUMS))
    problems.push({ kind: 'missing', path: SUMS, message: 'the bundle holds no checksum file' });
  const known = new Set([EVIDENCE_MANIFEST, SUMS, ...(manifest?.files.map((f) => f.path) ?? [])]);
  for (const name of actual.keys())
    if (!known.has(name))
      problems.push({ kind: 'extra', path: name, message: 'in the bundle but not in the manifest' });
  const nonEvidence = read.count - read.entries.length;
  if (manifest?.upstream.length)
    base.notes.push(
      `${manifest.upstream.length} upstream artifacts are recorded by digest only (not in the bundle)`,
    );
  if (nonEvidence > 0 && problems.length === 0) base.notes.push(`${nonEvidence} directory entries ignored`);
  return finish(
    { ...base, cycle_id: manifest?.cycleId ?? null, generated_at: manifest?.generatedAt ?? null, matched },
    problems,
  );
}

/** Verifies a cycle (or extracted bundle) directory: re-hashes every listed file, reports extra ones. */
export async function verifyDirectory(dir: string, onBytes?: (n: number) => void): Promise<VerifyReport> {
  let bytes: Buffer;
  try {
    bytes = await readFileNoFollow(path.join(dir, EVIDENCE_MANIFEST), MAX_MANIFEST_BYTES);
  } catch (e) {
    throw new EmitError(
      `No readable ${EVIDENCE_MANIFEST} in ${dir} (${errnoCode(e) ?? String(e)})`,
      'Pass a cycle directory that `perfgate report` has written, or the bundle zip.',
    );
  }
  const { manifest, problems } = readManifest(bytes, EVIDENCE_MANIFEST);
  const base = { kind: 'directory' as const, target: dir, notes: [] as string[] };
  if (!manifest) return finish({ ...base, cycle_id: null, generated_at: null, matched: 0 }, problems);
  const walked = await walkCycle(dir);
  for (const d of walked.diagnostics)
    problems.push({
      kind: WALK_PROBLEM[d.code] ?? 'unreadable',
      path: d.file,
      message: d.message,
    });
  const reported = new Set(problems.map((p) => p.path));
  const onDisk = new Map(walked.files.map((f) => [f.path, f]));
  const actual = new Map<string, FileDigest>();
  for (const f of manifest.files) {
    const file = onDisk.get(f.path);
    if (!file || reported.has(f.path)) continue;
    actual.set(f.path, await digestOrProblem(file.abs, f, problems, onBytes));
  }
  let matched = compare(
    manifest.files,
    actual,
    new Set(problems.map((p) => p.path)),
    problems,
    'the manifest',
  );
  const sums = onDisk.get(SUMS);
  if (sums) {
    actual.set(EVIDENCE_MANIFEST, await hashFile(path.join(dir, EVIDENCE_MANIFEST), EVIDENCE_MANIFEST));
    checkSums(
      await readFileNoFollow(sums.abs, MAX_MANIFEST_BYTES),
      manifest,
      actual.get(EVIDENCE_MANIFEST),
      actual,
      reported,
      problems,
    );
  }
  const known = new Set([EVIDENCE_MANIFEST, SUMS, BUNDLE, ...manifest.files.map((f) => f.path)]);
  for (const f of walked.files)
    if (!known.has(f.path) && !TEMP_FILE.test(f.path))
      problems.push({ kind: 'extra', path: f.path, message: 'in the directory but not in the manifest' });
  for (const u of manifest.upstream) {
    const abs = path.join(dir, u.path);
    const present = await lstat(abs).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!present) {
      base.notes.push(`upstream ${u.path} not present here; recorded digest ${u.sha256}`);
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
  return finish(
    { ...base, cycle_id: manifest.cycleId, generated_at: manifest.generatedAt, matched },
    problems,
  );
}

async function digestOrProblem(
  abs: string,
  f: ExpectedFile,
  problems: Problem[],
  onBytes?: (n: number) => void,
): Promise<FileDigest> {
  try {
    return await hashFile(abs, f.path, { ...(f.bytes !== null ? { limit: f.bytes } : {}), onBytes });
  } catch (e) {
    problems.push({ kind: 'unreadable', path: f.path, message: e instanceof Error ? e.message : String(e) });
    return { sha256: '', bytes: -1 };
  }
}
