/**
 * The build cache only saves time (ARTIFACTS.md section 5): whoever can write beside --out (a CI
 * cache restored by prefix, a planted or committed folder) can make a build slower, never change
 * what it decides, publishes, copies or deletes, or run code. Each case is what a red team did to
 * the cache of an earlier perfgate: a link that made `build` delete the archive, records and pages
 * forged to flip a failing cycle to passed and inject script, a copy list naming a file of the
 * machine. The expected site is always the reference build of the same inputs.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheSeal, sealedBytes, unsealed } from '../../src/core/cache/seal.ts';
import type { CacheHit } from '../../src/core/history/cache.ts';
import { openSite } from '../../src/core/publish/site-writer.ts';
import { perfgate } from '../site/build.ts';
import { demoCopy, tree } from './demo-copy.ts';

const AS_OF = '2026-11-21T00:00:00Z';
const SECRET = 'perfgate-test-cache-secret-0123456789abcdef';
/** The secret of an attacker's own perfgate: entries it seals look exactly like perfgate's. */
const ATTACKER = 'the-attackers-own-cache-secret-0123456789ab';
const FAILING = '2026-02-search-index-sharding';

let demo: string;
let reference: Record<string, string>;
let evidence: Record<string, string>;

async function build(out: string, secret = SECRET) {
  return perfgate(['build', '--out', out, '--as-of', AS_OF, '--base', '/demo/', '--no-fail-on-gate'], demo, {
    PERFGATE_CACHE_KEY: secret,
  });
}

/** Every file of the archive, the current cycle and its upstream folders (nothing may be lost). */
const inputs = async () => ({
  ...(await tree(path.join(demo, 'content'))),
  ...(await tree(path.join(demo, '.artifacts'))),
});

/** Rewrites every sealed record of `cache` with `edit`, sealing it again with `secret`. */
async function forgeRecords(cache: string, secret: string, edit: (entry: CacheHit) => void): Promise<number> {
  const dir = path.join(cache, 'records');
  let n = 0;
  for (const name of await readdir(dir)) {
    const key = name.replace(/\.json$/, '');
    const file = path.join(dir, name);
    const body = unsealed(cacheSeal(Buffer.from(secret)), 'record', key, await readFile(file));
    const entry = JSON.parse(body!.toString('utf8')) as CacheHit;
    if (entry.record.cycle_id !== FAILING) continue;
    edit(entry);
    await writeFile(
      file,
      sealedBytes(cacheSeal(Buffer.from(secret)), 'record', key, Buffer.from(JSON.stringify(entry))),
    );
    n++;
  }
  return n;
}

/** Turns the failing cycle's record into a passing one with script in a rendered artifact. */
function flipToPassed(entry: CacheHit): void {
  entry.record.verdict = 'pass';
  for (const g of entry.record.evaluation.gates) g.status = 'pass';
  entry.record.artifacts[0]!.html = '<p>All good</p><script>window.pwned = 1</script>';
}

beforeAll(async () => {
  demo = await demoCopy();
  const r = await build('ref');
  expect(r.code, r.stderr).toBe(0);
  reference = await tree(path.join(demo, 'ref'));
  evidence = await inputs();
  // An attacker's perfgate fills a cache of the same inputs, sealed with its own secret.
  expect((await build('attacker', ATTACKER)).code).toBe(0);
}, 180_000);

describe('a cache planted beside --out', () => {
  it('with records forged (a failing cycle passed, script in its Markdown) and sealed by another perfgate: never used', async () => {
    const cache = path.join(demo, 'victim.perfgate-cache');
    await cp(path.join(demo, 'attacker.perfgate-cache'), cache, { recursive: true });
    expect(await forgeRecords(cache, ATTACKER, flipToPassed)).toBe(1);
    // The cycle's cached pages too: its overview says it passed.
    for (const key of await readdir(path.join(cache, 'pages'))) {
      const page = path.join(cache, 'pages', key, 'files', 'cycles', FAILING, 'index.html');
      const html = await readFile(page, 'utf8').catch(() => undefined);
      if (html) await writeFile(page, html.replace('<main', '<main data-forged="All gates passed"'));
    }
    const r = await build('victim');
    expect(r.code, r.stderr).toBe(0);
    expect(await tree(path.join(demo, 'victim'))).toEqual(reference);
    expect(await inputs()).toEqual(evidence);
  }, 120_000);

  it("sealed with the build's own secret, the same forgery would show: the secret is what keeps it out", async () => {
    // The control of the case above: it proves the forgery reaches the pages when the seal holds.
    const cache = path.join(demo, 'control.perfgate-cache');
    await cp(path.join(demo, 'ref.perfgate-cache'), cache, { recursive: true });
    expect(await forgeRecords(cache, SECRET, flipToPassed)).toBe(1);
    const r = await build('control');
    expect(r.code, r.stderr).toBe(0);
    const site = await tree(path.join(demo, 'control'));
    expect(site).not.toEqual(reference);
    const pages = await readdir(path.join(demo, 'control', 'cycles', FAILING, 'artifacts'), {
      recursive: true,
    });
    const html = await Promise.all(
      pages
        .filter((p) => p.endsWith('index.html'))
        .map((p) => readFile(path.join(demo, 'control', 'cycles', FAILING, 'artifacts', p), 'utf8')),
    );
    expect(html.join('\n')).toContain('window.pwned');
  }, 120_000);

  it("whose copy list names a file outside the cycle folders: refused, even sealed with the build's secret", async () => {
    const cache = path.join(demo, 'copies.perfgate-cache');
    await cp(path.join(demo, 'ref.perfgate-cache'), cache, { recursive: true });
    const outside = path.join(await mkdtemp(path.join(os.tmpdir(), 'perfgate-machine-')), 'secret.txt');
    await writeFile(outside, 'a file of the build machine\n');
    await forgeRecords(cache, SECRET, (entry) =>
      entry.copies.push({ from: outside, to: `cycles/${FAILING}/files/secret.txt` }),
    );
    const r = await build('copies', SECRET);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `Refused to publish ${outside}: it lies outside the cycle folders of this build`,
    );
    expect(await readdir(demo)).not.toContain('copies');
  }, 120_000);

  it('with links to the archive and the current cycle inside it: nothing is deleted through them, and they are left alone', async () => {
    const cache = path.join(demo, 'links.perfgate-cache');
    await cp(path.join(demo, 'ref.perfgate-cache'), cache, { recursive: true });
    await rm(path.join(cache, 'pages'), { recursive: true });
    await rm(path.join(cache, 'records'), { recursive: true });
    // Each part a link to evidence; inside the renderer part, an entry-named link and a foreign file.
    await symlink(path.join(demo, 'content', 'cycles'), path.join(cache, 'pages'));
    await symlink(path.join(demo, '.artifacts', 'protocol-18'), path.join(cache, 'records'));
    await symlink(
      path.join(demo, 'content', 'cycles', FAILING),
      path.join(cache, 'renderer', 'a'.repeat(64)),
    );
    await writeFile(path.join(cache, 'renderer', 'notes.txt'), "not perfgate's\n");
    const r = await build('links');
    expect(r.code, r.stderr).toBe(0);
    expect(await inputs()).toEqual(evidence);
    expect(await tree(path.join(demo, 'links'))).toEqual(reference);
    expect(r.stderr).toMatch(/the cache's pages folder \S+ is a symbolic link: left alone, not used/);
    expect(r.stderr).toMatch(/the cache's records folder \S+ is a symbolic link: left alone, not used/);
    expect(r.stderr).toMatch(/a{64} is not an entry perfgate made \(a symbolic link\): left alone/);
    expect(r.stderr).toMatch(/notes\.txt is not an entry perfgate made: left alone/);
    expect(await readFile(path.join(cache, 'renderer', 'notes.txt'), 'utf8')).toBe("not perfgate's\n");
  }, 120_000);

  it('that is itself a link to the archive, or a folder perfgate did not make: left alone', async () => {
    await symlink(path.join(demo, 'content', 'cycles'), path.join(demo, 'linked.perfgate-cache'));
    const linked = await build('linked');
    expect(linked.code, linked.stderr).toBe(0);
    expect(linked.stderr).toMatch(
      /linked\.perfgate-cache is not a build cache perfgate made \(a symbolic link\): left alone/,
    );
    const foreign = path.join(demo, 'foreign.perfgate-cache');
    await mkdir(path.join(foreign, 'pages'), { recursive: true });
    await writeFile(path.join(foreign, 'pages', 'keep.txt'), 'mine\n');
    const r = await build('foreign');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /foreign\.perfgate-cache is not a build cache perfgate made \(it has no perfgate CACHEDIR\.TAG\)/,
    );
    expect(await readdir(foreign, { recursive: true })).toEqual(['pages', 'pages/keep.txt']);
    expect(await inputs()).toEqual(evidence);
    expect(await tree(path.join(demo, 'linked'))).toEqual(reference);
  }, 120_000);
});

describe("the build's scratch folder", () => {
  it('is made anew: a link planted at its name is removed as a link, what it points to is untouched', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-work-'));
    const precious = path.join(root, 'precious');
    await mkdir(precious);
    await writeFile(path.join(precious, 'evidence.txt'), 'keep\n');
    const out = path.join(root, 'dist');
    await symlink(precious, `${out}.perfgate-work-4242`);
    const writer = await openSite(out, 4242);
    await writeFile(path.join(writer.work, 'page.html'), 'x');
    await writer.discard();
    expect(await readdir(precious)).toEqual(['evidence.txt']);
    expect(await readdir(root)).toEqual(['precious']);
  });
});
