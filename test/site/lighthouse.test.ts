/**
 * Lighthouse (the real tool, in Debian's Chromium) over the built demo: accessibility 1.0, best
 * practices and SEO >= 0.95. The default run checks two page kinds (the home page and a cycle page
 * with its charts: the richest of each layout), always the same two; axe in browser.test.ts checks
 * every page kind of the site fixture on every run, and `npm run test:full` runs Lighthouse on every
 * page kind a reader lands on. On failure it prints every page's
 * scores and the audits that lost points. Performance is measured in `npm run bench:lighthouse`.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import {
  DEMO_PAGES,
  lighthousePages,
  scoreTable,
  type Category,
  type PageScores,
} from '../../scripts/lighthouse.ts';
import { CHROMIUM } from '../helpers/browser.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { fullSweep, skipBrowser } from '../helpers/skip.ts';

const BASE = '/demo/';
const PAGES = DEMO_PAGES;
/** The kinds of the default run; every kind under `npm run test:full`. */
const SAMPLE = new Set(['home', 'cycle']);
const CHECKED = fullSweep ? PAGES : PAGES.filter((p) => SAMPLE.has(p.name));
const CATEGORIES: Category[] = ['accessibility', 'best-practices', 'seo'];
const MIN: Record<string, number> = { accessibility: 1, 'best-practices': 0.95, seo: 0.95 };

let server: StaticServer;
let results: PageScores[] = [];

// Like the other browser suites: PERFGATE_SKIP_BROWSER=1 skips it on a machine without Chromium (never in CI).
describe.skipIf(skipBrowser)('Lighthouse on the built demo', () => {
  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} not found: apt-get install -y chromium`).toBe(true);
    const built = inject('demoSite');
    expect(built.code, built.stderr).toBe(0);
    server = await serveStatic(built.out, BASE);
    results = await lighthousePages(
      CHECKED.map((p) => ({ name: p.name, url: `${server.origin}${BASE}${p.path}` })),
      CATEGORIES,
    );
    // About 8 s a page on a quiet machine, twice that while the rest of the suite runs.
  }, 420_000);

  afterAll(async () => {
    await server?.close();
  });

  it(`scores accessibility 1.0, best practices and SEO >= 0.95 on ${fullSweep ? 'every page kind' : 'the home and cycle pages'}`, () => {
    const below = results.flatMap((r) =>
      CATEGORIES.filter((c) => (r.scores[c] ?? 0) < MIN[c]!).map(
        (c) =>
          `${r.name} ${c} ${r.scores[c]}: ${r.failed
            .filter((f) => f.category === c)
            .map((f) => `${f.id} (${f.title})`)
            .join('; ')}`,
      ),
    );
    expect(results.map((r) => r.name)).toEqual(CHECKED.map((p) => p.name));
    expect(below, `${scoreTable(results, CATEGORIES)}\n${below.join('\n')}`).toEqual([]);
  });
});
