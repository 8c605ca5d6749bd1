/**
 * The page cache of frozen cycles (core/publish/page-cache.ts) never serves a stale page: in each
 * case below a build that reuses cached pages is compared, file by file, with a build of the same
 * inputs into a folder that has no cached pages (like every test build, it may start with the run's
 * stored renderer, which publishes the same bytes: renderer.test.ts). That the cache is used at all is read from the
 * build's own progress lines ("reused the cached pages of frozen cycles (N)"). Each case starts from
 * a copy of one reference build and its cache.
 */
import { cp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { perfgate, ROOT } from '../site/build.ts';
import { demoCopy, tree } from './demo-copy.ts';

const NEWEST = '2026-08-payments-tail-latency';
let demo: string;

/** Builds the demo copy into `out` at `asOf`; returns stderr and the cycle counts it reported. */
async function build(out: string, asOf: string, base = '/demo/') {
  const r = await perfgate(
    ['build', '--out', out, '--as-of', asOf, '--base', base, '--no-fail-on-gate'],
    demo,
    { PERFGATE_CACHE_KEY: 'perfgate-test-cache-secret-0123456789abcdef' },
  );
  expect(r.code, r.stderr).toBe(0);
  const count = (label: RegExp) => Number(label.exec(r.stderr)?.[1]?.replace(/,/g, '') ?? 0);
  return {
    rendered: count(/rendered the pages of cycles \(([\d,]+)\)/),
    reused: count(/reused the cached pages of frozen cycles \(([\d,]+)\)/),
  };
}

/** The built site, with every file's SHA-256. */
const site = (out: string) => tree(path.join(demo, out));

/** A copy of the reference build and its cache under another name (files copied, not linked). */
async function seeded(out: string): Promise<void> {
  await cp(path.join(demo, 'ref'), path.join(demo, out), { recursive: true });
  await cp(path.join(demo, 'ref.perfgate-cache'), path.join(demo, `${out}.perfgate-cache`), {
    recursive: true,
  });
}

const T1 = '2026-11-21T00:00:00Z';
const T2 = '2026-11-22T09:30:00Z';

beforeAll(async () => {
  demo = await demoCopy();
  // The reference: a build with an empty cache, which fills `ref.perfgate-cache`.
  const ref = await build('ref', T1);
  expect(ref.reused).toBe(0);
  expect(ref.rendered).toBe(7);
}, 120_000);

describe('what a cycle page may read', () => {
  it('only history-wide pages read the whole site data; cycle pages read their record and the chain head', async () => {
    // The page cache's key covers a cycle's record, the chain head, the base, the site URL and the
    // templates. A component reading anything else from siteData() on a cycle page would let the
    // cache serve a page that a fresh build would render differently.
    const src = path.join(ROOT, 'src');
    const readers: string[] = [];
    for (const e of await readdir(src, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !/\.(astro|ts)$/.test(e.name)) continue;
      const file = path.relative(src, path.join(e.parentPath, e.name)).split(path.sep).join('/');
      if (file.startsWith('core/') || file === 'site/data.ts') continue;
      if ((await readFile(path.join(src, file), 'utf8')).includes('siteData()')) readers.push(file);
    }
    expect(readers.sort()).toEqual([
      // The archive table pages only (never on a cycle page).
      'components/ArchivePage.astro',
      // The build time in the footer, which cycle pages of archived cycles leave off (`stamped`).
      'layouts/Base.astro',
      'pages/badge.svg.ts',
      'pages/chain.json.ts',
      // The compare page (issue 26): its list of cycles and their prebuilt comparisons.
      'pages/compare.astro',
      'pages/cycles.json.ts',
      'pages/feed.xml.ts',
      'pages/index.astro',
      'pages/quarters.astro',
      'pages/trends.astro',
      // The list of pages: how many archive table pages there are (renders nothing itself).
      'site/routes.ts',
    ]);
    const base = await readFile(path.join(src, 'layouts/Base.astro'), 'utf8');
    expect(base.match(/siteData\(\)/g)).toHaveLength(1);
    expect(base).toMatch(
      /\{stamped && <li>Built by perfgate on \{dateTime\(siteData\(\)\.generated_at\)\}<\/li>\}/,
    );
  });
});

describe('cached pages of frozen cycles', () => {
  it('a later build at another time reuses them, and its site is byte for byte a build without the cache', async () => {
    await seeded('warm');
    const warm = await build('warm', T2);
    // The six archived cycles come from the cache; the current cycle is rendered.
    expect(warm.rendered).toBe(1);
    expect(warm.reused).toBeGreaterThanOrEqual(6 * 5);
    await build('cold-t2', T2);
    expect(await site('warm')).toEqual(await site('cold-t2'));
  }, 120_000);

  it('a cache entry changed on disk is never served: the cycle is rendered again', async () => {
    await seeded('forged');
    const pages = path.join(demo, 'forged.perfgate-cache', 'pages');
    const entries = await readdir(pages);
    // A sealed file: the seal on the first line, the listing after it.
    const sealed = await readFile(path.join(pages, entries[0]!, 'entry.json'), 'utf8');
    const entry = JSON.parse(sealed.slice(sealed.indexOf('\n') + 1));
    const page = entry.files.find((f: { path: string }) => f.path.endsWith('/index.html')).path as string;
    const file = path.join(pages, entries[0]!, 'files', ...page.split('/'));
    await writeFile(file, (await readFile(file, 'utf8')).replace('<main', '<main data-forged'));
    const warm = await build('forged', T1);
    expect(warm.rendered).toBe(2);
    expect(await site('forged')).toEqual(await site('ref'));
    expect(await readFile(path.join(demo, 'forged', ...page.split('/')), 'utf8')).not.toContain(
      'data-forged',
    );
  }, 120_000);

  it('another base path renders every cycle again', async () => {
    await seeded('moved');
    const moved = await build('moved', T1, '/elsewhere/');
    expect(moved.reused).toBe(0);
    expect(moved.rendered).toBe(7);
    expect(
      (await readFile(path.join(demo, 'moved', 'index.html'), 'utf8')).includes('href="/elsewhere/'),
    ).toBe(true);
  }, 120_000);

  it('a cycle archived later changes its neighbour, the chain head and the history: the same site as without the cache', async () => {
    const archived = path.join(demo, 'content/cycles', NEWEST);
    await rename(archived, path.join(demo, NEWEST));
    try {
      await build('later', T1);
    } finally {
      await rename(path.join(demo, NEWEST), archived);
    }
    const warm = await build('later', T1);
    // Every evidence page shows the new chain head, so no archived cycle is served whole.
    expect(warm.rendered).toBe(7);
    expect(await site('later')).toEqual(await site('ref'));
  }, 120_000);
});
