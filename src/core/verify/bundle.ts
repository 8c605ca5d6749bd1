/** Verifying a bundle in place (never extracted): entry safety, the manifest inside it, SHA256SUMS. */
import { realpath } from 'node:fs/promises';
import type { Finding } from '../evidence/findings.ts';
import { hashFile } from '../evidence/hash.ts';
import { readManifest } from '../evidence/manifest-read.ts';
import { EVIDENCE_MANIFEST, SUMS } from '../evidence/manifest.ts';
import type { ZipLimits } from '../evidence/zip-checks.ts';
import { readZip, type ZipEntryDigest } from '../evidence/zip-read.ts';
import { checkSums, compare, uniqueSorted } from './compare.ts';
import { POINTER_SUFFIX, parsePointer } from '../load/pointer.ts';
import type { ExpectedFile } from '../evidence/manifest-read.ts';
import { fetchDigest, pointerProblem, type ObjectReader, type StoredContext } from './stored.ts';
import type { VerifyReport } from './types.ts';
import type { Found } from './compare.ts';

/** Keeps the content of the manifest, SHA256SUMS and every pointer (a pointer is under 64 KiB). */
class KeptEntries extends Set<string> {
  override has(name: string): boolean {
    return super.has(name) || name.endsWith(POINTER_SUFFIX);
  }
}

export interface BundleCheck {
  report: VerifyReport;
  /** Every entry that could be read, with its digest (and content for the manifest). */
  entries: ReadonlyMap<string, ZipEntryDigest>;
}

/** Verifies a bundle and returns its readable entries too (for comparing a directory with it). */
export async function checkBundle(
  zipPath: string,
  limits: ZipLimits,
  onBytes?: (n: number) => void,
  reader?: ObjectReader,
): Promise<BundleCheck> {
  const read = await readZip(
    { kind: 'file', path: zipPath },
    { limits, keep: new KeptEntries([EVIDENCE_MANIFEST, SUMS]), keepMaxBytes: 64 * 1024 * 1024, onBytes },
  );
  const problems: Finding[] = [...read.problems];
  const reported = new Set(problems.map((p) => p.path));
  const actual = new Map(read.entries.map((e) => [e.name, e]));
  const bundleSha =
    read.fileSha256 ??
    (await hashFile(await realpath(zipPath), zipPath).then(
      (d) => d.sha256,
      () => null,
    ));
  const base = {
    kind: 'bundle' as const,
    target: zipPath,
    notes: [] as string[],
    bundle_sha256: bundleSha,
    manifest_sha256: null as string | null,
  };
  const m = actual.get(EVIDENCE_MANIFEST);
  if (!m?.content) {
    if (!reported.has(EVIDENCE_MANIFEST))
      problems.push({
        kind: 'missing',
        path: EVIDENCE_MANIFEST,
        message: 'the bundle holds no readable manifest',
      });
    const report = {
      ...base,
      cycle_id: null,
      generated_at: null,
      matched: 0,
      problems: uniqueSorted(problems),
    };
    return { report, entries: actual };
  }
  base.manifest_sha256 = m.sha256;
  const { manifest, problems: own } = readManifest(m.content, EVIDENCE_MANIFEST);
  problems.push(...own);
  for (const p of own) reported.add(p.path);
  const stored: StoredContext = { reader, unfetched: [], onBytes };
  const found = new Map<string, Found>(actual);
  const pointers = new Set<string>();
  for (const f of manifest?.files ?? []) {
    if (!f.stored || actual.has(f.path) || reported.has(f.path)) continue;
    const entry = actual.get(f.stored.pointer);
    if (!entry?.content) continue;
    pointers.add(f.stored.pointer);
    const got = await storedEntry(f, entry.content, f.stored.pointer, stored, problems);
    if (got) found.set(f.path, got);
  }
  for (const u of stored.unfetched) reported.add(u.path);
  const matched = manifest
    ? compare(
        manifest.files,
        found,
        new Set([...reported, ...problems.map((p) => p.path)]),
        problems,
        'the manifest',
      )
    : 0;
  const sums = actual.get(SUMS);
  if (sums?.content) checkSums(sums.content, manifest, m, found, reported, problems);
  else if (!reported.has(SUMS))
    problems.push({ kind: 'missing', path: SUMS, message: 'the bundle holds no checksum file' });
  const known = new Set([
    EVIDENCE_MANIFEST,
    SUMS,
    ...pointers,
    ...(manifest?.files.map((f) => f.path) ?? []),
  ]);
  for (const name of actual.keys())
    if (!known.has(name))
      problems.push({ kind: 'extra', path: name, message: 'in the bundle but not in the manifest' });
  const nonEvidence = read.count - read.entries.length;
  if (manifest?.upstream.length)
    base.notes.push(
      `${manifest.upstream.length} upstream artifacts are recorded by digest only (not in the bundle)`,
    );
  if (nonEvidence > 0 && problems.length === 0) base.notes.push(`${nonEvidence} directory entries ignored`);
  const report = {
    ...base,
    cycle_id: manifest?.cycleId ?? null,
    generated_at: manifest?.generatedAt ?? null,
    previous_manifest_sha256: manifest?.previous ?? null,
    signed_by: manifest?.signedBy ?? null,
    validation_report_sha256:
      manifest?.files.find((f) => f.path === 'validation-report.json')?.sha256 ?? null,
    matched,
    problems: uniqueSorted(problems),
    unfetched: stored.unfetched,
  };
  return { report, entries: actual };
}

/** A stored file the bundle holds by its pointer: the pointer must agree, then the object is fetched. */
async function storedEntry(
  f: ExpectedFile,
  content: Buffer,
  pointerPath: string,
  ctx: StoredContext,
  problems: Finding[],
): Promise<Found | undefined> {
  const p = parsePointer(content, pointerPath);
  const wrong =
    typeof p === 'string'
      ? { kind: 'altered' as const, path: f.path, message: `its pointer ${pointerPath} is unreadable: ${p}` }
      : pointerProblem(f, p, pointerPath);
  if (wrong) {
    problems.push({ ...wrong, path: f.path });
    return undefined;
  }
  return fetchDigest(f, f.stored!.object, ctx, problems);
}

/** Verifies a bundle: entry safety, every entry against the manifest inside it, and SHA256SUMS. */
export async function verifyBundle(
  zipPath: string,
  limits: ZipLimits,
  onBytes?: (n: number) => void,
  reader?: ObjectReader,
): Promise<VerifyReport> {
  return (await checkBundle(zipPath, limits, onBytes, reader)).report;
}
