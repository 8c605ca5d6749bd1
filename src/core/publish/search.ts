/** Pagefind over the built pages (run before the evidence copies, so that evidence HTML is never indexed). */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The site's HTML pages, relative to it, in code-point order of their paths. */
async function pages(site: string): Promise<string[]> {
  const found: string[] = [];
  for (const e of await readdir(site, { recursive: true, withFileTypes: true }))
    if (e.isFile() && e.name.endsWith('.html'))
      found.push(path.relative(site, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  return found.sort(); // code-unit order, the same on every machine
}

/** Indexes the HTML pages of `site` into `site/pagefind/`; returns the number of pages indexed. */
export async function indexForSearch(site: string): Promise<number> {
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
    if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
    // One page at a time, in path order: Pagefind's index depends on the order pages arrive in, and
    // its addDirectory takes the file system's listing order (creation order on tmpfs and btrfs), so a
    // build whose pages came partly from the page cache wrote other index bytes than one without it.
    const list = await pages(site);
    for (const sourcePath of list) {
      const added = await index.addHTMLFile({
        sourcePath,
        content: await readFile(path.join(site, sourcePath), 'utf8'),
      });
      if (added.errors.length > 0) throw new Error(`Pagefind: ${sourcePath}: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
    return list.length;
  } finally {
    await pagefind.close();
  }
}
