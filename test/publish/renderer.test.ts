/**
 * The stored renderer (core/publish/renderer.ts): the pages' server bundle is built once and reused
 * by later builds with the same templates, base path and site URL. It is code the build runs, so a
 * stored one is run only when its sealed listing verifies with the build's secret and every file is
 * unchanged; one planted beside --out never runs; and a renderer that cannot be stored must not fail
 * the build. Whether a build bundled is read from its own progress line ("bundled the page
 * renderer's files"); what it published is compared, file by file, with the reference build.
 */
import { appendFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheSeal, sealedBytes, unsealed } from '../../src/core/cache/seal.ts';
import { perfgate, runScript } from '../site/build.ts';
import { demoCopy, sha256, siteFixtureCopy, tree } from './demo-copy.ts';
import { EmitError } from '../../src/core/evidence/errors.ts';
import { pageFile } from '../../src/core/publish/renderer.ts';

const AS_OF = '2026-11-21T00:00:00Z';
/** The secret of these builds (PERFGATE_CACHE_KEY), and one of somebody else's. */
const SECRET = 'perfgate-test-cache-secret-0123456789abcdef';
const OTHER = 'somebody-elses-cache-secret-0123456789abcdef';
let demo: string;
let reference: Record<string, string>;

/** Builds the site fixture copy into `out`; returns whether it bundled the renderer. */
async function build(out: string, base = '/demo/', env: Record<string, string> = {}) {
  const r = await perfgate(
    ['build', '--out', out, '--as-of', AS_OF, '--base', base, '--no-fail-on-gate'],
    demo,
    { PERFGATE_CACHE_KEY: SECRET, ...env },
    { cold: true },
  );
  expect(r.code, r.stderr).toBe(0);
  return { bundled: /bundled the page renderer's files \(\d+\)/.test(r.stderr), stderr: r.stderr };
}

/** The stored renderers beside `out`. */
const stored = (out: string) => readdir(path.join(demo, `${out}.perfgate-cache`, 'renderer'));

/**
 * A cache beside `out` holding only the reference build's stored renderer (no cached pages or
 * records, so the next build renders every page from it).
 */
async function seeded(out: string): Promise<string> {
  const cache = path.join(demo, `${out}.perfgate-cache`);
  await cp(path.join(demo, 'ref.perfgate-cache'), cache, { recursive: true });
  await rm(path.join(cache, 'pages'), { recursive: true });
  await rm(path.join(cache, 'records'), { recursive: true });
  const [key] = await readdir(path.join(cache, 'renderer'));
  return path.join(cache, 'renderer', key!);
}

/**
 * Seeds `out`'s cache with the reference renderer, adds `code` to its entry and rewrites its listing
 * to match, sealed with `secret`: as a writer who can write beside --out could (with another
 * secret), or as perfgate itself would (with the build's).
 */
async function plant(out: string, code: string, secret: string): Promise<void> {
  const folder = await seeded(out);
  const key = path.basename(folder);
  const entry = path.join(folder, 'server', 'entry.mjs');
  await appendFile(entry, `\n${code}\n`);
  const file = path.join(folder, 'renderer.json');
  const body = unsealed(cacheSeal(Buffer.from(SECRET)), 'renderer', key, await readFile(file));
  const listing = JSON.parse(body!.toString('utf8')) as { files: { path: string; sha256: string }[] };
  for (const f of listing.files) if (f.path === 'server/entry.mjs') f.sha256 = sha256(await readFile(entry));
  await writeFile(
    file,
    sealedBytes(cacheSeal(Buffer.from(secret)), 'renderer', key, Buffer.from(JSON.stringify(listing))),
  );
}

beforeAll(async () => {
  // The site fixture's four cycles rather than the demo's seven: ten builds, each renders every page.
  demo = await siteFixtureCopy();
  expect((await build('ref')).bundled).toBe(true);
  reference = await tree(path.join(demo, 'ref'));
  expect(Object.keys(reference)).toContain('index.html');
}, 120_000);

describe('the stored renderer', () => {
  it('is bundled once and reused by the next build, which publishes the same site', async () => {
    // The reference build bundled it (beforeAll); a build finding it stored does not.
    await seeded('a');
    expect((await build('a')).bundled).toBe(false);
    expect(await stored('a')).toHaveLength(1);
    expect(await tree(path.join(demo, 'a'))).toEqual(reference);
  }, 120_000);

  it('is not used once a file of it changed: the build bundles again and publishes the same site', async () => {
    const folder = await seeded('b');
    const chunks = path.join(folder, 'server', 'chunks');
    const [chunk] = (await readdir(chunks)).filter((n) => n.endsWith('.mjs'));
    // Code that would show on every page if this renderer were run.
    await appendFile(path.join(chunks, chunk!), '\nglobalThis.process.stdout.write("TAMPERED");\n');
    const again = await build('b');
    expect(again.bundled).toBe(true);
    expect(again.stderr).not.toContain('TAMPERED');
    expect(await tree(path.join(demo, 'b'))).toEqual(reference);
    // The altered renderer was replaced by the new one (whose chunks may be named differently).
    const renderer = path.join(demo, 'b.perfgate-cache', 'renderer');
    for (const e of await readdir(renderer, { recursive: true, withFileTypes: true }))
      if (e.isFile())
        expect(await readFile(path.join(e.parentPath, e.name), 'utf8')).not.toContain('TAMPERED');
  }, 120_000);

  it('is not used when a file was added to it', async () => {
    const folder = await seeded('c');
    await writeFile(path.join(folder, 'server', 'extra.mjs'), 'export {};\n');
    expect((await build('c')).bundled).toBe(true);
    expect(await tree(path.join(demo, 'c'))).toEqual(reference);
  }, 120_000);

  it('is one per base path: another base bundles again and the older renderer is removed', async () => {
    const first = path.basename(await seeded('d'));
    expect((await build('d', '/other/')).bundled).toBe(true);
    const after = await stored('d');
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(first);
    const home = await readFile(path.join(demo, 'd', 'index.html'), 'utf8');
    expect(home).toContain('href="/other/cycles/');
    expect(home).not.toContain('/demo/');
  }, 120_000);

  it('that cannot be stored does not fail the build, which says so and leaves what it found', async () => {
    // A file where the renderers' folder should be: nothing can be stored under it.
    await seeded('e');
    await rm(path.join(demo, 'e.perfgate-cache', 'renderer'), { recursive: true });
    await writeFile(path.join(demo, 'e.perfgate-cache', 'renderer'), 'not a folder\n');
    const r = await build('e');
    expect(r.bundled).toBe(true);
    expect(r.stderr).toMatch(/the cache's renderer folder \S+ is not a folder: left alone, not used/);
    expect(await tree(path.join(demo, 'e'))).toEqual(reference);
    expect(await readFile(path.join(demo, 'e.perfgate-cache', 'renderer'), 'utf8')).toBe('not a folder\n');
  }, 120_000);

  it('rewritten together with its listing by whoever can write beside --out never runs', async () => {
    // Anyone can compute the renderer's key and the SHA-256 of their files; only a perfgate holding
    // the build's secret can seal a listing that the build accepts.
    await plant('f', 'process.stderr.write("PLANTED\\n");', OTHER);
    const r = await build('f');
    expect(r.stderr).not.toContain('PLANTED');
    expect(r.bundled).toBe(true);
    expect(await tree(path.join(demo, 'f'))).toEqual(reference);
  }, 120_000);

  it("sealed with the build's own secret runs (the secret is the anchor), and sees no secret of the job", async () => {
    // The control of the case above: the same planted code, sealed as perfgate would, is run. What
    // the render child never gets is the job's secrets, the cache secret included.
    await plant(
      'g',
      'process.stderr.write(`PLANTED ${process.env.GITHUB_TOKEN ?? "no token"} ${process.env.AWS_SECRET_ACCESS_KEY ?? "no key"} ${process.env.PERFGATE_CACHE_KEY ?? "no cache key"}\\n`);',
      SECRET,
    );
    const secrets = { GITHUB_TOKEN: 'ghp_perfgate_test_secret', AWS_SECRET_ACCESS_KEY: 'aws-test-secret' };
    const r = await runScript(
      'bin/perfgate.mjs',
      ['build', '--out', 'g', '--as-of', AS_OF, '--base', '/demo/', '--no-fail-on-gate'],
      demo,
      { ...secrets, PERFGATE_CACHE_KEY: SECRET },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('PLANTED no token no key no cache key');
    expect(r.stderr).not.toContain(secrets.GITHUB_TOKEN);
    expect(r.stderr).not.toContain(SECRET);
  }, 120_000);

  it('is neither read nor kept with --no-cache', async () => {
    await seeded('h');
    const before = await tree(path.join(demo, 'h.perfgate-cache'));
    const r = await perfgate(
      ['build', '--out', 'h', '--as-of', AS_OF, '--base', '/demo/', '--no-fail-on-gate', '--no-cache'],
      demo,
      { PERFGATE_CACHE_KEY: SECRET },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/bundled the page renderer's files/);
    expect(await tree(path.join(demo, 'h.perfgate-cache'))).toEqual(before);
    expect(await tree(path.join(demo, 'h'))).toEqual(reference);
  }, 120_000);
});

describe('the command', () => {
  it("keeps no compiled code between runs (Node's compile cache stays off)", async () => {
    // Code kept between runs would be code a later run executes unchecked (ARTIFACTS.md section 5).
    const home = await mkdtemp(path.join(os.tmpdir(), 'perfgate-xdg-'));
    // Without the test run's own compile cache (build.ts): what perfgate does when nobody sets one.
    const r = await runScript('bin/perfgate.mjs', ['--version'], undefined, {
      XDG_CACHE_HOME: home,
      NODE_COMPILE_CACHE: '',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(home, { recursive: true })).toEqual([]);
  });
});

describe("a page's file", () => {
  it('of an archived cycle whose service heading climbs out of the folder is published inside it', async () => {
    // An archived cycle is published even when invalid: its profiling report's `## <service>`
    // headings, which name the profile pages, reach the build unchecked.
    const dir = await demoCopy();
    const id = '2026-09-hostile-names';
    const cycle = path.join(dir, 'content/cycles', id);
    await cp(path.join(dir, '.artifacts/protocol-18'), cycle, { recursive: true });
    const intakeFile = path.join(cycle, 'performance-intake-report.json');
    const intake = JSON.parse(await readFile(intakeFile, 'utf8')) as { cycle_id: string };
    intake.cycle_id = id;
    await writeFile(intakeFile, JSON.stringify(intake, null, 2));
    const escape = `perfgate-escape-${path.basename(dir)}`;
    const heading = `../../../../../../../../../../tmp/${escape}`;
    const report = path.join(cycle, 'profiling-report.md');
    await writeFile(report, (await readFile(report, 'utf8')).replace('## checkout-api', `## ${heading}`));
    await cp(path.join(demo, 'ref.perfgate-cache'), path.join(dir, 'site.perfgate-cache'), {
      recursive: true,
    });
    const r = await perfgate(
      ['build', '--out', 'site', '--as-of', AS_OF, '--base', '/demo/', '--no-fail-on-gate'],
      dir,
      { PERFGATE_CACHE_KEY: SECRET },
      { cold: true },
    );
    expect(r.code, r.stderr).toBe(0);
    // The heading as a URL segment: lower case, each run of other characters a "-", from the first
    // letter or digit on.
    const slug = `tmp-${escape.toLowerCase()}`;
    const profiles = await readdir(path.join(dir, 'site/cycles', id, 'profiles'));
    expect(profiles).toEqual(expect.arrayContaining([`${slug}-baseline`, `${slug}-after`, `${slug}-diff`]));
    const page = await readFile(
      path.join(dir, 'site/cycles', id, 'profiles', `${slug}-baseline`, 'index.html'),
      'utf8',
    );
    expect(page).toContain(`tmp/${escape}`);
    // The heading climbs to /tmp itself (whatever TMPDIR the run has): nothing may land there.
    expect((await readdir(path.join(path.sep, 'tmp'))).filter((n) => n.includes(escape))).toEqual([]);
  }, 120_000);

  const out = path.join(path.sep, 'tmp', 'site');
  it('goes under the site folder', () => {
    expect(pageFile(out, 'index.html')).toBe(path.join(out, 'index.html'));
    expect(pageFile(out, 'cycles/2026-10/profiles/api-baseline/index.html')).toBe(
      path.join(out, 'cycles', '2026-10', 'profiles', 'api-baseline', 'index.html'),
    );
    expect(pageFile(out, 'badge.svg')).toBe(path.join(out, 'badge.svg'));
  });

  it('is refused when its path, made from artifact text, would leave the folder or is odd', () => {
    // What a profiled service named "../../../../../../tmp/x" would make, were the names from
    // artifacts not cleaned into URL segments first (slug.ts; the test above).
    for (const bad of [
      'cycles/c/profiles/../../../../../../tmp/x-baseline/index.html',
      '../index.html',
      './index.html',
      '/etc/passwd',
      'cycles//index.html',
      'cycles/c/',
      '',
      'cycles/c\\..\\..\\x/index.html',
      'cycles/c\0/index.html',
    ]) {
      expect(() => pageFile(out, bad), bad).toThrow(EmitError);
      expect(() => pageFile(out, bad), bad).toThrow(/must stay inside the site folder/);
    }
  });
});
