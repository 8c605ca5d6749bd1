/**
 * The search index is the same bytes whatever order the pages were written in (ARTIFACTS.md: same
 * inputs, same bytes). Pagefind's own `addDirectory` reads the folder in the file system's listing
 * order, which on tmpfs (and btrfs) is the order files were created: a build whose pages came partly
 * from the page cache wrote other index bytes than a build without it. Two copies of one site, their
 * pages written in opposite orders on the memory file system, index to identical bytes; Pagefind's
 * `addDirectory` on the same two copies, the control, does not.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexForSearch } from '../../src/core/publish/search.ts';

const SHM = '/dev/shm';
const made: string[] = [];
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

/** Forty small pages, each with its own words. */
const PAGES = Array.from({ length: 40 }, (_, i) => ({
  file: `cycles/c${String(i).padStart(2, '0')}/index.html`,
  html: `<!doctype html><html lang="en"><head><title>Cycle ${i}</title></head><body><main data-pagefind-body><h1>Cycle ${i}</h1><p>latency p95 ${100 + i} ms checkout word${i} ${'alpha beta gamma '.repeat(i % 5)}</p></main></body></html>`,
}));

async function site(order: 'forward' | 'backward'): Promise<string> {
  const dir = await mkdtemp(path.join(SHM, 'perfgate-search-order-'));
  made.push(dir);
  for (const p of order === 'forward' ? PAGES : [...PAGES].reverse()) {
    await mkdir(path.dirname(path.join(dir, p.file)), { recursive: true });
    await writeFile(path.join(dir, p.file), p.html);
  }
  return dir;
}

async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile())
      out[path.relative(dir, path.join(e.parentPath, e.name))] = createHash('sha256')
        .update(await readFile(path.join(e.parentPath, e.name)))
        .digest('hex');
  return out;
}

// The memory file system lists files in creation order (Node's own readdir sorts them, Pagefind's
// walk does not); without it the two copies could not be told apart.
describe.skipIf(!existsSync(SHM))('the search index', () => {
  it('is the same bytes whatever order the pages were written in', async () => {
    const [a, b] = [await site('forward'), await site('backward')];
    expect(await indexForSearch(a)).toBe(40);
    expect(await indexForSearch(b)).toBe(40);
    expect(await digest(path.join(a, 'pagefind'))).toEqual(await digest(path.join(b, 'pagefind')));
  }, 60_000);

  it("differs by listing order with Pagefind's addDirectory (the control)", async () => {
    const pagefind = await import('pagefind');
    const index = async (d: string) => {
      const { index } = await pagefind.createIndex({ forceLanguage: 'en' });
      await index!.addDirectory({ path: d });
      await index!.writeFiles({ outputPath: path.join(d, 'control') });
      return digest(path.join(d, 'control'));
    };
    try {
      const [a, b] = [await site('forward'), await site('backward')];
      expect(await index(a)).not.toEqual(await index(b));
    } finally {
      await pagefind.close();
    }
  }, 60_000);
});
