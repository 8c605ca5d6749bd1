/**
 * What an insider with write access to the archive would do to change a frozen decision without
 * `perfgate verify` noticing: edit validation-report.json, re-hash its manifest entry, rebuild the
 * cycle's bundle, and re-link (and re-bundle) the next cycle of the chain.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE, writeBundle, type BundleEntry } from '../../src/core/emit/bundle.ts';
import { bundleDate } from '../../src/core/emit/emit-cycle.ts';
import { sha256Sums } from '../../src/core/emit/evidence-manifest.ts';
import { MemoryWriter } from '../../src/core/emit/writer.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const readJson = async (f: string): Promise<Json> => JSON.parse(await readFile(f, 'utf8')) as Json;
const writeJson = (f: string, v: unknown) => writeFile(f, JSON.stringify(v, null, 2) + '\n');

/** Re-hashes the manifest entry of `file` in `dir` after it was edited. */
export async function rehash(dir: string, file: string): Promise<void> {
  const manifestFile = path.join(dir, 'evidence-manifest.json');
  const manifest = await readJson(manifestFile);
  const bytes = await readFile(path.join(dir, file));
  const entry = manifest.files.find((f: { path: string }) => f.path === file);
  entry.sha256 = sha256(bytes);
  entry.bytes = bytes.length;
  await writeJson(manifestFile, manifest);
}

/** Rebuilds `dir`'s bundle from its manifest (every listed file, the manifest, SHA256SUMS). */
export async function rebundle(dir: string): Promise<void> {
  const manifestBytes = await readFile(path.join(dir, 'evidence-manifest.json'));
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as Json;
  const listed = manifest.files as { path: string; sha256: string; bytes: number }[];
  const self = { path: 'evidence-manifest.json', sha256: sha256(manifestBytes), bytes: manifestBytes.length };
  const sums = sha256Sums([...listed, self]);
  const entries: BundleEntry[] = [
    ...listed.map((f) => ({
      name: f.path,
      sha256: f.sha256,
      bytes: f.bytes,
      source: fileSource(dir, f.path),
    })),
    {
      name: self.path,
      sha256: self.sha256,
      bytes: self.bytes,
      source: { kind: 'buffer', data: manifestBytes },
    },
    { name: 'SHA256SUMS', sha256: sha256(sums), bytes: sums.length, source: { kind: 'buffer', data: sums } },
  ];
  const evaluatedAt = (await readJson(path.join(dir, 'validation-report.json'))).evaluated_at as string;
  const writer = new MemoryWriter();
  await writeBundle(writer, entries, { date: bundleDate(evaluatedAt) });
  await writer.commit();
  await writeFile(path.join(dir, BUNDLE), writer.files.get(BUNDLE)!);
}

const fileSource = (dir: string, rel: string) => ({
  kind: 'file' as const,
  abs: path.join(dir, ...rel.split('/')),
});

/**
 * Edits the frozen validation-report.json of `archive/cycle` with `edit`, then covers the tracks:
 * its manifest entry, its bundle, and the chain link (and bundle) of `next`, when there is one.
 */
export async function forgeDecision(
  archive: string,
  cycle: string,
  edit: (report: Json) => void,
  next?: string,
): Promise<void> {
  const dir = path.join(archive, cycle);
  const file = path.join(dir, 'validation-report.json');
  const report = await readJson(file);
  edit(report);
  await writeJson(file, report);
  await rehash(dir, 'validation-report.json');
  await rebundle(dir);
  if (!next) return;
  const nextManifest = path.join(archive, next, 'evidence-manifest.json');
  const m = await readJson(nextManifest);
  m.previous_manifest_sha256 = sha256(await readFile(path.join(dir, 'evidence-manifest.json')));
  await writeJson(nextManifest, m);
  await rebundle(path.join(archive, next));
}

/** Sets the status of criterion `id` in a validation report (the one edit of the tests). */
export function setCriterionStatus(report: Json, id: string, status: string): void {
  for (const gate of report.gates as Json[])
    for (const c of gate.criteria as Json[]) if (c.id === id) c.status = status;
}
