/**
 * report.html as an auditor opens it: the demo's bundle extracted by unzip into a temporary folder,
 * the page opened from disk in Chromium with the network blocked. Expected values come from outside
 * the renderer: validation-report.json and evidence-manifest.json of the extracted bundle, the
 * extracted files themselves, the browser and axe. Screenshots go to test-output/screenshots/ under
 * `PERFGATE_SHOTS=1` and `npm run test:full`.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, screenshot } from '../helpers/browser.ts';
import { skipBrowser } from '../helpers/skip.ts';
import { perfgate, ROOT } from '../site/build.ts';
import { runCli } from '../helpers/cli.ts';
import { demoCopy, extract, reportDemo, type DemoCopy } from './demo-bundle.ts';
import { freshCycle, removeTemporaries, reportArgs } from './helpers.ts';
import { hostileCycle } from './hostile-cycle.ts';
import { axeViolations, openOffline, recordedStatuses, shownStatuses, type Frozen } from './offline-page.ts';

const SHOTS = path.join(ROOT, 'test-output', 'screenshots');

let demo: DemoCopy;
let folder: string;
let page_: string;
let browser: Browser;
let axeSource: string;

describe.skipIf(skipBrowser)('report.html from an extracted demo bundle, in Chromium', () => {
  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} not found: apt-get install -y chromium`).toBe(true);
    demo = await demoCopy();
    const run = await reportDemo(demo);
    expect(run.code, run.stderr).toBe(0);
    folder = await extract(demo.bundle, path.join(demo.root, 'extracted'));
    page_ = path.join(folder, 'report.html');
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await removeTemporaries();
    if (demo) await rm(demo.root, { recursive: true, force: true });
  });

  it('loads from disk with no request, no script and no console message', async () => {
    const { page, url, requests, blocked, problems, close } = await openOffline(browser, page_);
    try {
      expect(requests).toEqual([url]);
      expect(blocked).toEqual([]);
      expect(problems).toEqual([]);
      const scripts = await page.evaluate(() => ({
        scripts: document.scripts.length,
        handlers: [...document.querySelectorAll('*')].flatMap((el) =>
          [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName} ${a.name}`),
        ),
        jsUrls: [...document.querySelectorAll('[href],[src]')].filter((el) =>
          /^\s*javascript:/i.test(el.getAttribute('href') ?? el.getAttribute('src') ?? ''),
        ).length,
        embeds: document.querySelectorAll('img, iframe, object, embed, link[rel=stylesheet], video, audio')
          .length,
      }));
      expect(scripts).toEqual({ scripts: 0, handlers: [], jsUrls: 0, embeds: 0 });
    } finally {
      await close();
    }
  });

  it('shows the verdict and every gate and criterion status of validation-report.json', async () => {
    const frozen = JSON.parse(await readFile(path.join(folder, 'validation-report.json'), 'utf8')) as Frozen;
    const { page, close } = await openOffline(browser, page_);
    try {
      const shown = await shownStatuses(page);
      const expected = recordedStatuses(frozen);
      expect(shown.verdict).toBe(expected.verdict);
      expect(shown.verdictLine).toContain(`exit code ${frozen.exit_code}.`);
      expect(shown.cards).toEqual(expected.cards);
      expect(shown.receipts).toEqual(expected.receipts);
    } finally {
      await close();
    }
  });

  it('shows a failing cycle with waivers and a signed exception as its validation-report.json records it, and passes axe', async () => {
    const c = await freshCycle();
    await cp(path.join(import.meta.dirname, 'scenarios', 'waived-and-failing'), c.root, { recursive: true });
    expect((await runCli(reportArgs(c))).code).toBe(1);
    const frozen = JSON.parse(await readFile(path.join(c.dir, 'validation-report.json'), 'utf8')) as Frozen;
    const { page, url, requests, problems, close } = await openOffline(
      browser,
      path.join(c.dir, 'report.html'),
    );
    try {
      const shown = await shownStatuses(page);
      const expected = recordedStatuses(frozen);
      expect(expected.verdict).toBe('A gate failed');
      expect(frozen.gates.some((g) => g.status === 'waived')).toBe(true);
      expect(shown.verdict).toBe(expected.verdict);
      expect(shown.verdictLine).toContain(`exit code ${frozen.exit_code}.`);
      expect(shown.cards).toEqual(expected.cards);
      expect(shown.receipts).toEqual(expected.receipts);
      expect(requests).toEqual([url]);
      expect(problems).toEqual([]);
      await screenshot(page, path.join(SHOTS, 'offline-report-failing.png'), false);
      expect(await axeViolations(page, axeSource)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('links every file of the manifest, and every link resolves to a file of the extracted bundle or an id of the page', async () => {
    const manifest = JSON.parse(await readFile(path.join(folder, 'evidence-manifest.json'), 'utf8')) as {
      files: { path: string }[];
    };
    const { page, close } = await openOffline(browser, page_);
    try {
      const links = await page.evaluate(() => ({
        hrefs: [...document.querySelectorAll('a[href]')].map((a) => ({
          raw: a.getAttribute('href')!,
          abs: (a as HTMLAnchorElement).href,
        })),
        ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
      }));
      const ids = new Set(links.ids);
      const files = new Set<string>();
      for (const { raw, abs } of links.hrefs) {
        if (raw.startsWith('#')) {
          expect(ids.has(decodeURIComponent(raw.slice(1))), raw).toBe(true);
          continue;
        }
        expect(abs.startsWith('file:'), `${raw} leaves the bundle`).toBe(true);
        const file = fileURLToPath(abs);
        expect(path.relative(folder, file).startsWith('..'), `${raw} leaves the bundle`).toBe(false);
        expect((await stat(file)).isFile(), raw).toBe(true);
        files.add(path.relative(folder, file).split(path.sep).join('/'));
      }
      // The manifest lists report.html itself; every other file it lists is linked from the page.
      const listed = manifest.files.map((f) => f.path).filter((p) => p !== 'report.html');
      expect(listed.filter((p) => !files.has(p))).toEqual([]);
      expect(files.has('evidence-manifest.json')).toBe(true);
    } finally {
      await close();
    }
  });

  it('passes axe with no violation, in light and dark, and prints; screenshots for review', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, close } = await openOffline(browser, page_, { colorScheme });
      try {
        await screenshot(page, path.join(SHOTS, `offline-report-${colorScheme}.png`), false);
        expect(await axeViolations(page, axeSource), colorScheme).toEqual([]);
      } finally {
        await close();
      }
    }
    // On paper (A4's printable width) and on a phone, nothing is cut off at the right edge.
    for (const [media, width] of [
      ['print', 718],
      ['screen', 390],
    ] as const) {
      const { page, close } = await openOffline(browser, page_, { width });
      try {
        await page.emulateMedia({ media });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${media} at ${width} px`).toBeLessThanOrEqual(1);
        await screenshot(page, path.join(SHOTS, `offline-report-${media}-${width}.png`), false);
        if (media === 'print') expect((await page.pdf({ format: 'A4' })).length).toBeGreaterThan(10_000);
      } finally {
        await close();
      }
    }
  });

  it('runs nothing and loads nothing from the hostile corpus (every Markdown payload, markup in JSON text)', async () => {
    const c = await hostileCycle();
    const run = await runCli(reportArgs(c));
    expect(run.code, run.stderr).toBeLessThan(2);
    const { page, url, requests, blocked, problems, close } = await openOffline(
      browser,
      path.join(c.dir, 'report.html'),
      {
        fakeClock: true,
      },
    );
    try {
      // Every timer a payload could have set fires within this minute.
      await page.clock.runFor(60_000);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(requests).toEqual([url]);
      expect(blocked).toEqual([]);
      expect(problems).toEqual([]);
      // The payloads are on the page, as text a reader can see.
      const documents = page.locator('section', { has: page.locator('#documents') });
      expect(await documents.textContent()).toContain('window.__pwned');
      await screenshot(documents, path.join(SHOTS, 'offline-report-hostile.png'), false);
    } finally {
      await close();
    }
  });

  it('has a bundle that perfgate verify accepts with the new file in it', async () => {
    const r = await perfgate(['verify', demo.bundle]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await stat(path.join(folder, 'report.html'))).size).toBeLessThan(1_000_000);
  }, 60_000);
});
