/**
 * The page cache of frozen cycles (core/publish/page-cache.ts) never serves a stale page: in each
 * case below a build that reuses cached pages is compared, file by file, with a build of the same
 * inputs into a folder that has no cache at all. That the cache is used at all is read from the
 * build's own progress lines ("reused the cached pages of frozen cycles (N)").
 */
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { perfgate } from '../site/build.ts';
import { demoCopy, tree } from './demo-copy.ts';

const NEWEST = '2026-08-payments-tail-latency';
let demo: string;

/** Builds the demo copy into `out` at `asOf`; returns stderr and the cycle counts it reported. */
async function build(out: string, asOf: string, base = '/demo/') {
  const r = await perfgate(
    ['build', '--out', out, '--as-of', asOf, '--base', base, '--no-fail-on-gate'],
    demo,
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

beforeEach(async () => {
  demo = await demoCopy();
}, 60_000);

describe('cached pages of frozen cycles', () => {
  it('a later build at another time reuses them, and its site is byte for byte a build without the cache', async () => {
    const first = await build('dist', '2026-11-21T00:00:00Z');
    expect(first.reused).toBe(0);
    const warm = await build('dist', '2026-11-22T09:30:00Z');
    // The six archived cycles come from the cache; the current cycle is rendered.
    expect(warm.rendered).toBe(1);
    expect(warm.reused).toBeGreaterThanOrEqual(6 * 5);
    await build('cold', '2026-11-22T09:30:00Z');
    expect(await site('dist')).toEqual(await site('cold'));
  }, 120_000);

  it('a cycle archived later changes its neighbour, the chain head and the history: the same site as without the cache', async () => {
    const aside = path.join(demo, NEWEST);
    await rename(path.join(demo, 'content/cycles', NEWEST), aside);
    await build('dist', '2026-11-21T00:00:00Z');
    await rename(aside, path.join(demo, 'content/cycles', NEWEST));
    const warm = await build('dist', '2026-11-21T00:00:00Z');
    // Every evidence page shows the new chain head, so no archived cycle is served whole.
    expect(warm.rendered).toBe(7);
    await build('cold', '2026-11-21T00:00:00Z');
    expect(await site('dist')).toEqual(await site('cold'));
  }, 120_000);

  it('a cache entry changed on disk is never served: the cycle is rendered again', async () => {
    await build('dist', '2026-11-21T00:00:00Z');
    const pages = path.join(demo, 'dist.perfgate-cache', 'pages');
    const entries = await readdir(pages);
    const entry = JSON.parse(await readFile(path.join(pages, entries[0]!, 'entry.json'), 'utf8'));
    const page = entry.files.find((f: { path: string }) => f.path.endsWith('/index.html')).path as string;
    const file = path.join(pages, entries[0]!, 'files', ...page.split('/'));
    // Replaced, not edited in place: the published site shares the entry's files through links.
    const forged = (await readFile(file, 'utf8')).replace('<main', '<main data-forged');
    await rm(file);
    await writeFile(file, forged);
    const warm = await build('dist', '2026-11-21T00:00:00Z');
    expect(warm.rendered).toBe(2);
    await build('cold', '2026-11-21T00:00:00Z');
    const built = await site('dist');
    expect(built).toEqual(await site('cold'));
    expect(await readFile(path.join(demo, 'dist', ...page.split('/')), 'utf8')).not.toContain('data-forged');
  }, 120_000);

  it('another base path renders every cycle again', async () => {
    await build('dist', '2026-11-21T00:00:00Z', '/demo/');
    const moved = await build('dist', '2026-11-21T00:00:00Z', '/elsewhere/');
    expect(moved.reused).toBe(0);
    expect(moved.rendered).toBe(7);
    await build('cold', '2026-11-21T00:00:00Z', '/elsewhere/');
    expect(await site('dist')).toEqual(await site('cold'));
  }, 120_000);
});
