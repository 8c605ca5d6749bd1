/**
 * The record cache of archived cycles (history/cache.ts) never serves a stale or planted record: a
 * cycle changed consistently (file and manifest entry together) gets a new record; a file changed
 * behind its manifest's back, or a replaced bundle, is never covered by a cached record; a record
 * not sealed with this build's secret is never used. That the cache is used at all is shown by
 * marking a cached entry (re-sealed with the secret, as only perfgate could) and finding the mark in
 * the next history.
 */
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openCache, type CacheFolder } from '../../src/core/cache/folder.ts';
import { cacheSeal, sealedBytes, unsealed } from '../../src/core/cache/seal.ts';
import { readHistory } from '../../src/core/history/read.ts';
import { ARCHIVE_BEFORE_GATE_CONFIG, demoCopy, sha256 } from './demo-copy.ts';

const NEWEST = '2026-08-payments-tail-latency';
let demo: string;
let cacheDir: string;
let folder: CacheFolder;
const SECRET = Buffer.alloc(32, 7);
const records = () => path.join(cacheDir, 'records');
let kept: string[] = [];
// The test plays the builder: records are staged straight into the cache's records folder.
const history = (codeFingerprint = 'code-a', seal = folder) =>
  readHistory({
    artifactsDir: path.join(demo, '.artifacts/protocol-18'),
    archiveDir: path.join(demo, 'content/cycles'),
    configFile: path.join(demo, 'config/protocol_gates/18.yaml'),
    evaluatedAt: '2026-11-21T00:00:00Z',
    base: '/',
    records: { folder: seal, dir: records(), staging: records() },
    recordsKept: (names) => (kept = names),
    codeFingerprint,
  });
const cycle = async (id: string) => (await history()).cycles.find((c) => c.cycle_id === id)!;

/**
 * Marks every cached record's title, so that a record served from the cache is recognisable, and
 * seals it again with `secret` (this build's, as only perfgate itself could; or another).
 */
async function markCache(secret = SECRET): Promise<void> {
  const seal = cacheSeal(SECRET);
  for (const f of await readdir(records())) {
    const file = path.join(records(), f);
    const key = f.replace(/\.json$/, '');
    const body = unsealed(seal, 'record', key, await readFile(file));
    const entry = JSON.parse(body!.toString('utf8'));
    entry.record.title = `CACHED ${entry.record.title}`;
    await writeFile(file, sealedBytes(cacheSeal(secret), 'record', key, Buffer.from(JSON.stringify(entry))));
  }
}

let first: Awaited<ReturnType<typeof history>>;
beforeEach(async () => {
  // The archive frozen before the demo was regenerated: its newest cycle is unsigned, so a consistent
  // change to it leaves a chain that verifies (the regenerated 2026-08 cycle is signed, and its
  // statement would name the change).
  demo = await demoCopy(ARCHIVE_BEFORE_GATE_CONFIG);
  cacheDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'perfgate-cache-')), 'cache');
  folder = (await openCache(cacheDir, cacheSeal(SECRET), () => undefined))!;
  await folder.ensure('records');
  first = await history();
}, 60_000);

describe('the archived cycles cache', () => {
  it('stores each verified frozen cycle, and serves it when nothing changed', async () => {
    expect((await readdir(records())).length).toBe(6);
    const again = await history();
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(first)));
    await markCache();
    expect((await cycle(NEWEST)).title).toMatch(/^CACHED /);
  }, 60_000);

  it('a record sealed with another secret (planted, or restored from elsewhere) is never served', async () => {
    // Anyone can compute a record's key; without this build's secret its seal cannot be made.
    await markCache(Buffer.alloc(32, 9));
    const c = await cycle(NEWEST);
    expect(c.title).not.toMatch(/^CACHED /);
    expect(c.title).toBe(first.cycles.find((x) => x.cycle_id === NEWEST)!.title);
    // The planted entries were replaced by sealed ones of this build.
    await markCache();
    expect((await cycle(NEWEST)).title).toMatch(/^CACHED /);
  }, 60_000);

  it('a record made by other code (same version, other sources) is not served', async () => {
    await markCache();
    const other = (await history('code-b')).cycles.find((c) => c.cycle_id === NEWEST)!;
    expect(other.title).not.toMatch(/^CACHED /);
    expect(other.title).toBe(first.cycles.find((c) => c.cycle_id === NEWEST)!.title);
    // The build keeps the other code's six records (and removes the rest once it has succeeded).
    expect(kept).toHaveLength(6);
    expect((await readdir(records())).filter((n) => !kept.includes(n))).toHaveLength(6);
  }, 60_000);

  it('a frozen cycle changed consistently (file and manifest entry): the new record, not the cached one', async () => {
    await markCache();
    const dir = path.join(demo, 'content/cycles', NEWEST);
    const intakeFile = path.join(dir, 'performance-intake-report.json');
    const intake = JSON.parse(await readFile(intakeFile, 'utf8'));
    intake.title = 'Retitled after archiving';
    const bytes = Buffer.from(JSON.stringify(intake, null, 2));
    await writeFile(intakeFile, bytes);
    const manifestFile = path.join(dir, 'evidence-manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    Object.assign(
      manifest.files.find((f: { path: string }) => f.path === 'performance-intake-report.json'),
      { sha256: sha256(bytes), bytes: bytes.length },
    );
    await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
    const c = await cycle(NEWEST);
    expect(c.title).toBe('Retitled after archiving');
    expect(c.integrity.state).toBe('verified'); // the newest archived cycle: no later link to break
  }, 60_000);

  it('a signed statement added beside a cached cycle (not in its manifest): the new record shows it', async () => {
    await markCache();
    const signed = path.join(demo, 'content/cycles/2026-05-inventory-sync-backpressure');
    const statement = 'performance-evidence.intoto.json';
    await cp(path.join(signed, statement), path.join(demo, 'content/cycles', NEWEST, statement));
    const c = await cycle(NEWEST);
    expect(c.title).not.toMatch(/^CACHED /);
    expect(c.evidence.signature).not.toBeNull();
  }, 60_000);

  it('a file changed behind its manifest: never the cached record, the cycle shows as altered', async () => {
    await markCache();
    const file = path.join(demo, 'content/cycles', NEWEST, 'hypothesis-log.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\nAdded later.\n`);
    const c = await cycle(NEWEST);
    expect(c.title).not.toMatch(/^CACHED /);
    expect(c.integrity.state).toBe('altered');
    expect(c.integrity.problems.join('\n')).toContain('hypothesis-log.md: altered');
  }, 60_000);

  it('a replaced bundle: the published bundle SHA-256 is the new bundle’s', async () => {
    await markCache();
    const dir = path.join(demo, 'content/cycles', NEWEST);
    const other = path.join(
      demo,
      'content/cycles/2026-05-inventory-sync-backpressure/performance-evidence-bundle.zip',
    );
    await cp(other, path.join(dir, 'performance-evidence-bundle.zip'));
    const c = await cycle(NEWEST);
    expect(c.title).not.toMatch(/^CACHED /);
    expect(c.evidence.bundle?.sha256).toBe(sha256(await readFile(other)));
  }, 60_000);
});
