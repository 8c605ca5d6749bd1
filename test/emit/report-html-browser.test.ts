/**
 * report.html as an auditor opens it: the demo's bundle extracted by unzip into a temporary folder,
 * the page opened from disk in Chromium with the network blocked. Expected values come from outside
 * the renderer: validation-report.json and evidence-manifest.json of the extracted bundle, the
 * extracted files themselves, the browser and axe. Screenshots go to test-output/screenshots/.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../helpers/browser.ts';
import { skipBrowser } from '../helpers/skip.ts';
import { perfgate, ROOT } from '../site/build.ts';
import { runCli } from '../helpers/cli.ts';
import { demoCopy, extract, reportDemo, type DemoCopy } from './demo-bundle.ts';
import { freshCycle, removeTemporaries, reportArgs } from './helpers.ts';
import { hostileCycle } from './hostile-cycle.ts';

const SHOTS = path.join(ROOT, 'test-output', 'screenshots');

interface Frozen {
  exit_code: number;
  gates: { gate: number; name: string; status: string; criteria: { id: string; status: string }[] }[];
}

/** The verdict words the site and the page use, from the gate statuses (the site's verdict rule). */
function expectedVerdict(gates: Frozen['gates']): string {
  if (gates.some((g) => g.status === 'fail')) return 'A gate failed';
  if (gates.some((g) => g.status === 'pending')) return 'In progress';
  return gates.some((g) => g.status === 'waived') ? 'Passed with waivers' : 'All gates passed';
}
const STATUS_WORD: Record<string, string> = {
  pass: 'Pass',
  fail: 'Fail',
  waived: 'Waived',
  pending: 'Pending',
};

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

  /** Opens the page from disk with every non-file request blocked, recording requests and problems. */
  async function open(
    options: { colorScheme?: 'light' | 'dark'; width?: number; file?: string; fakeClock?: boolean } = {},
  ) {
    const context: BrowserContext = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: 900 },
      colorScheme: options.colorScheme ?? 'light',
      offline: true,
    });
    const blocked: string[] = [];
    await context.route(
      (url) => url.protocol !== 'file:',
      (route) => {
        blocked.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on(
      'console',
      (m) => void (['error', 'warning'].includes(m.type()) && problems.push(`${m.type()}: ${m.text()}`)),
    );
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    if (options.fakeClock) await page.clock.install();
    const url = pathToFileURL(options.file ?? page_).href;
    await page.goto(url, { waitUntil: 'load' });
    // Nothing is lazy: give anything deferred a moment to ask for the network anyway.
    if (!options.fakeClock) await page.waitForTimeout(300);
    return { page, url, requests, blocked, problems, close: () => context.close() };
  }

  async function violations(page: Page): Promise<string[]> {
    // Evaluated through the DevTools protocol: the page's own policy allows no script, and keeps it so.
    await page.evaluate(axeSource);
    const found = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              d: Document,
              o: object,
            ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
      );
    });
    return found;
  }

  it('loads from disk with no request, no script and no console message', async () => {
    const { page, url, requests, blocked, problems, close } = await open();
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

  /** What the page shows: the verdict, each gate card's status and criteria, each receipt's status. */
  async function shownStatuses(page: Page) {
    return page.evaluate(() => ({
      verdict: document.querySelector('.verdict h2')?.textContent?.trim(),
      verdictLine: document.querySelector('.verdict p')?.textContent ?? '',
      cards: [...document.querySelectorAll('.gate-card')].map((c) => ({
        gate: c.getAttribute('data-gate'),
        badge: c.querySelector('h3 .badge')?.textContent?.replace(/^\W+/, '').trim(),
        criteria: [...c.querySelectorAll('[data-criterion]')].map((li) => ({
          id: li.getAttribute('data-criterion'),
          badge: li.querySelector('.badge')?.textContent?.replace(/^\W+/, '').trim(),
        })),
      })),
      receipts: [...document.querySelectorAll('section.receipt')].map((r) => ({
        id: r.getAttribute('data-criterion'),
        badge: r.querySelector('h4 .badge')?.textContent?.replace(/^\W+/, '').trim(),
      })),
    }));
  }

  /** The same, as validation-report.json records it (in the page's words). */
  function recorded(frozen: Frozen) {
    const words = (x: string) =>
      ({ pass: 'Pass', fail: 'Fail', waived: 'Waived', not_evaluable: 'Not evaluable' })[x];
    const criteria = (g: Frozen['gates'][number]) =>
      g.status === 'pending' ? [] : g.criteria.map((c) => ({ id: c.id, badge: words(c.status) }));
    return {
      verdict: expectedVerdict(frozen.gates),
      cards: frozen.gates.map((g) => ({ gate: g.name, badge: STATUS_WORD[g.status], criteria: criteria(g) })),
      receipts: frozen.gates.flatMap(criteria),
    };
  }

  it('shows the verdict and every gate and criterion status of validation-report.json', async () => {
    const frozen = JSON.parse(await readFile(path.join(folder, 'validation-report.json'), 'utf8')) as Frozen;
    const { page, close } = await open();
    try {
      const shown = await shownStatuses(page);
      const expected = recorded(frozen);
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
    const { page, url, requests, problems, close } = await open({ file: path.join(c.dir, 'report.html') });
    try {
      const shown = await shownStatuses(page);
      const expected = recorded(frozen);
      expect(expected.verdict).toBe('A gate failed');
      expect(frozen.gates.some((g) => g.status === 'waived')).toBe(true);
      expect(shown.verdict).toBe(expected.verdict);
      expect(shown.verdictLine).toContain(`exit code ${frozen.exit_code}.`);
      expect(shown.cards).toEqual(expected.cards);
      expect(shown.receipts).toEqual(expected.receipts);
      expect(requests).toEqual([url]);
      expect(problems).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, 'offline-report-failing.png') });
      expect(await violations(page)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('links every file of the manifest, and every link resolves to a file of the extracted bundle or an id of the page', async () => {
    const manifest = JSON.parse(await readFile(path.join(folder, 'evidence-manifest.json'), 'utf8')) as {
      files: { path: string }[];
    };
    const { page, close } = await open();
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
      const { page, close } = await open({ colorScheme });
      try {
        await page.screenshot({
          path: path.join(SHOTS, `offline-report-${colorScheme}.png`),
          fullPage: false,
        });
        expect(await violations(page), colorScheme).toEqual([]);
      } finally {
        await close();
      }
    }
    // On paper (A4's printable width) and on a phone, nothing is cut off at the right edge.
    for (const [media, width] of [
      ['print', 718],
      ['screen', 390],
    ] as const) {
      const { page, close } = await open({ width });
      try {
        await page.emulateMedia({ media });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${media} at ${width} px`).toBeLessThanOrEqual(1);
        await page.screenshot({ path: path.join(SHOTS, `offline-report-${media}-${width}.png`) });
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
    const { page, url, requests, blocked, problems, close } = await open({
      file: path.join(c.dir, 'report.html'),
      fakeClock: true,
    });
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
      await documents.screenshot({ path: path.join(SHOTS, 'offline-report-hostile.png') });
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
