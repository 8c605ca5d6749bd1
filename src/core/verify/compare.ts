/** Comparing what was found with what a manifest or SHA256SUMS lists. */
import { cmp } from '../diagnostics.ts';
import type { Finding } from '../evidence/findings.ts';
import { readSums, type ExpectedFile, type ReadManifest } from '../evidence/manifest-read.ts';
import { EVIDENCE_MANIFEST, SUMS } from '../evidence/manifest.ts';

/** A digest found on disk or in a zip; `partial` when reading stopped past the listed size. */
export interface Found {
  sha256: string;
  bytes: number;
  partial?: boolean;
}

/** Compares what was found with what `expected` lists: altered and missing files. */
export function compare(
  expected: readonly ExpectedFile[],
  actual: ReadonlyMap<string, Found>,
  reported: ReadonlySet<string>,
  problems: Finding[],
  what: string,
): number {
  let matched = 0;
  for (const f of expected) {
    if (reported.has(f.path)) continue;
    const got = actual.get(f.path);
    if (!got) problems.push({ kind: 'missing', path: f.path, message: `listed in ${what} but not found` });
    else if (got.partial)
      // Only a digest of a whole file is ever printed: a prefix digest would reveal the file byte by byte.
      problems.push({
        kind: 'altered',
        path: f.path,
        message: `larger than the ${f.bytes} bytes ${what} lists (not read further)`,
      });
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
export function checkSums(
  sumsBytes: Buffer,
  manifest: ReadManifest | undefined,
  manifestDigest: Found | undefined,
  actual: ReadonlyMap<string, Found>,
  reported: Set<string>,
  problems: Finding[],
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

/** Removes repeated findings and sorts them by cycle, file and kind. */
export function uniqueSorted(problems: readonly Finding[]): Finding[] {
  const unique = new Map(problems.map((p) => [`${p.cycle ?? ''}\0${p.kind}\0${p.path}\0${p.message}`, p]));
  return [...unique.values()].sort(
    (a, b) => cmp(a.cycle ?? '', b.cycle ?? '') || cmp(a.path, b.path) || cmp(a.kind, b.kind),
  );
}
