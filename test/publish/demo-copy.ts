/** A private copy of the demo (current cycle, upstream folders, archive, config) for build tests. */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The demo's archive as an older perfgate froze it, before the demo was regenerated (2026-12-07,
 * scripts/regenerate-demo-archive.mjs): six cycles frozen before gate-config.json existed, in that
 * perfgate's words, the 2026-05 one signed with the key beside it and the 2026-08 one unsigned.
 */
export const ARCHIVE_BEFORE_GATE_CONFIG = path.join(ROOT, 'test/fixtures/archive-before-gate-config/cycles');

/**
 * Copies the demo into a fresh temporary folder laid out as the repository is; returns it. With
 * `archive`, that folder's cycles stand in for the demo's archive (`ARCHIVE_BEFORE_GATE_CONFIG`).
 */
export async function demoCopy(archive?: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-demo-'));
  for (const p of ['.artifacts', 'content/cycles', 'config'])
    await cp(p === 'content/cycles' && archive ? archive : path.join(ROOT, p), path.join(dir, p), {
      recursive: true,
    });
  return dir;
}

/**
 * The site fixture (test/fixtures/site: three archived cycles and a current one) copied into a fresh
 * temporary folder laid out as the repository is, so that `perfgate build` finds it by its defaults:
 * a smaller history than the demo's for suites that build many times and name no demo cycle.
 */
export async function siteFixtureCopy(): Promise<string> {
  const site = path.join(ROOT, 'test/fixtures/site');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-site-copy-'));
  for (const upstream of ['protocol-15', 'protocol-16', 'protocol-18'])
    await cp(path.join(site, upstream), path.join(dir, '.artifacts', upstream), { recursive: true });
  await cp(path.join(site, 'archive'), path.join(dir, 'content/cycles'), { recursive: true });
  await mkdir(path.join(dir, 'config/protocol_gates'), { recursive: true });
  await cp(path.join(site, 'gates.yaml'), path.join(dir, 'config/protocol_gates/18.yaml'));
  return dir;
}

/**
 * SHA-256 of every file under `dir`, by relative path (to prove nothing was deleted or changed),
 * except the build's record cache beside dist/ (history/cache.ts), which a build may fill.
 */
export async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = path.join(e.parentPath, e.name);
    if (path.relative(dir, abs).startsWith('dist.perfgate-cache')) continue;
    out[path.relative(dir, abs)] = createHash('sha256')
      .update(await readFile(abs))
      .digest('hex');
  }
  return out;
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
