/**
 * The differential flame graph of the demo on a phone, by touch, in Chromium at 390 px with a touch
 * screen: the gained and lost tables come before the graph, a tap zooms into a frame and gives its
 * baseline and after shares (worked out here from the raw profiles the site publishes, walking their
 * samples), its colour is the static SVG's, the page never scrolls sideways, and a tap on the
 * breadcrumb's root zooms back out. Without JavaScript the static SVG stays, in a box that scrolls.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.ts';
import { skipBrowser } from '../helpers/skip.ts';
import { BASE } from './build.ts';
import type { StaticServer } from './server.ts';
import { SHOTS, siteInBrowser, type SiteSession } from './session.ts';

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  isMobile: true,
};

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[];
  samples: number[];
}

/**
 * The share of a .cpuprofile's samples whose stack starts with `frames` (outermost first, below V8's
 * `(root)`; a nameless function is `(anonymous)`), written from the format, sharing no code with perfgate.
 */
function pathShare(file: string, frames: string[]): number {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  for (const n of doc.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = new Map(doc.nodes.map((n) => [n.id, n.callFrame.functionName || '(anonymous)']));
  let hits = 0;
  for (const id of doc.samples) {
    const stack: string[] = [];
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) stack.unshift(name.get(n)!);
    if (stack[0] === '(root)') stack.shift();
    if (frames.every((f, i) => stack[i] === f)) hits++;
  }
  return hits / doc.samples.length;
}

const percent = (share: number) => `${(100 * share).toFixed(2)} %`;
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let session: SiteSession;
let browser: Browser;
let server: StaticServer;
let out: string;
/** The demo's differential profile page, relative to BASE. */
let diffPage: string;

describe.skipIf(skipBrowser)('the differential flame graph on a phone, by touch', () => {
  beforeAll(async () => {
    session = await siteInBrowser('demoSite');
    ({ browser, server, out } = session);
    const pages = readdirSync(path.join(out, 'cycles'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /^[^/]+\/profiles\/[^/]+-diff\/index\.html$/.test(f.split(path.sep).join('/')))
      .map((f) => `cycles/${path.dirname(f).split(path.sep).join('/')}/`)
      .sort();
    expect(pages.length, 'the demo has a differential profile page').toBeGreaterThan(0);
    diffPage = pages[0]!;
  }, 240_000);

  afterAll(() => session?.close());

  it('a tap zooms into a frame with its baseline and after shares, the breadcrumb zooms out, nothing scrolls sideways', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    try {
      await page.goto(`${server.origin}${BASE}${diffPage}`, { waitUntil: 'load' });
      await page.waitForSelector('.flame-frame');
      const pageOverflow = () =>
        page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const layout = await page.evaluate(() => {
        const graph = document.querySelector('section.flame')!;
        const after = (id: string) =>
          Boolean(
            document.getElementById(id)!.compareDocumentPosition(graph) & Node.DOCUMENT_POSITION_FOLLOWING,
          );
        const code = (link: string) =>
          [...document.querySelectorAll('main p a')].find((a) => a.textContent === link)?.nextElementSibling
            ?.textContent;
        return {
          tablesFirst:
            after('gained') && after('lost') && document.querySelectorAll('table.stack').length === 2,
          staticHidden: (graph.querySelector('.flame-static') as HTMLElement).hidden,
          baseline: code('baseline profile'),
          after: code('after profile'),
          gainedFirst: document.querySelector('#gained + .table-wrap tbody th code')?.textContent,
        };
      });
      expect(layout.tablesFirst).toBe(true);
      expect(layout.staticHidden).toBe(true);
      expect(await pageOverflow()).toBeLessThanOrEqual(0);

      // The frame that gained the most self share (the core's table, not the graph's script) is on the graph.
      const name = layout.gainedFirst!;
      expect(name).toBeTruthy();
      const frame = page.locator('.flame-frame', { hasText: new RegExp(`^${literal(name)}$`) }).first();
      const crumb = page.locator('.flame-crumbs [aria-current]');
      expect(await crumb.textContent()).toBe('all');
      await frame.tap();
      await expect.poll(() => crumb.textContent()).toBe(name);
      await screenshot(page, path.join(SHOTS, 'phone-flame-diff-zoomed.png'));

      // Its shares from the raw files the site publishes (cycles/<slug>/files/<path>), by the zoom path.
      const files = path.join(out, diffPage.split('/').slice(0, 2).join('/'), 'files');
      expect(layout.baseline).toMatch(/\.cpuprofile$/);
      expect(layout.after).toMatch(/\.cpuprofile$/);
      const trail = await page.locator('.flame-crumbs li').allTextContents();
      expect(trail[0]).toBe('all');
      expect(trail.at(-1)).toBe(name);
      const before = pathShare(path.join(files, layout.baseline!), trail.slice(1));
      const now = pathShare(path.join(files, layout.after!), trail.slice(1));
      expect(now).toBeGreaterThan(0);
      const change = 100 * (now - before);
      const words = `total ${percent(before)} → ${percent(now)} of the profile (${change > 0 ? '+' : ''}${change.toFixed(2)} points)`;
      expect(await page.locator('.flame-details').textContent()).toMatch(
        new RegExp(`^${literal(name)} \\([^)]*\\): ${literal(words)}`),
      );

      // Zoomed: the frame fills the graph's width with its whole name showing, inside the page.
      const zoomed = await page.evaluate((n) => {
        const box = document.querySelector('.flame-frames')!.getBoundingClientRect();
        const b = [...document.querySelectorAll<HTMLElement>('.flame-frame')].find(
          (x) => x.textContent === n,
        )!;
        const r = b.getBoundingClientRect();
        const rgb = getComputedStyle(b).backgroundColor.match(/\d+/g)!.map(Number);
        // The static differential SVG's fill for the same frame (the core's drawing, hidden now).
        const title = [...document.querySelectorAll('.flame-static svg g > title')].find((t) =>
          t.textContent!.startsWith(`${n} (`),
        );
        return {
          fills: r.width / box.width,
          inside: box.right <= window.innerWidth,
          wholeName: b.scrollWidth <= b.clientWidth,
          fill: `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`,
          svgFill: title?.nextElementSibling?.getAttribute('fill'),
        };
      }, name);
      expect(zoomed.fills).toBeGreaterThan(0.99);
      expect(zoomed.inside).toBe(true);
      expect(zoomed.wholeName).toBe(true);
      expect(zoomed.fill).toBe(zoomed.svgFill);
      // The frame gained share: a red, not a blue.
      expect(change).toBeGreaterThan(0);
      expect(parseInt(zoomed.fill.slice(1, 3), 16)).toBeGreaterThan(parseInt(zoomed.fill.slice(5, 7), 16));
      expect(await pageOverflow()).toBeLessThanOrEqual(0);

      // A full-page capture (Chromium lays the page out again at its full height, as for printing),
      // then the phone turned to landscape and back, all while zoomed: drawn again, still zoomed.
      await page.screenshot({ fullPage: true });
      for (const viewport of [{ width: 844, height: 390 }, PHONE.viewport!]) {
        await page.setViewportSize(viewport);
        await expect
          .poll(() => page.evaluate(() => document.querySelector('.flame-frames')!.clientWidth))
          .toBeLessThanOrEqual(viewport.width);
        await expect
          .poll(() => page.locator('.flame-frame', { hasText: new RegExp(`^${literal(name)}$`) }).count())
          .toBe(1);
        expect(await crumb.textContent()).toBe(name);
        expect(await pageOverflow()).toBeLessThanOrEqual(0);
      }

      // The breadcrumb's root, tapped, zooms back out.
      await page.locator('.flame-crumbs button', { hasText: /^all$/ }).tap();
      await expect.poll(() => crumb.textContent()).toBe('all');
      expect(await page.locator('.flame-details').textContent()).toMatch(
        /^all: total 100\.00 % → 100\.00 % of the profile \(0\.00 points\)$/,
      );
      expect(await page.locator('.flame-frame').count()).toBeGreaterThan(trail.length);
      expect(await pageOverflow()).toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('without JavaScript shows the static SVG at a readable width in a box that scrolls, not the page', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}${BASE}${diffPage}`, { waitUntil: 'load' });
      const l = await page.evaluate(() => {
        const box = document.querySelector<HTMLElement>('.flame-diff-box')!;
        return {
          pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
          appHidden: document.querySelector<HTMLElement>('.flame-app')!.hidden,
          svgWidth: box.querySelector('svg')!.getBoundingClientRect().width,
          scrolls: box.scrollWidth > box.clientWidth,
          focusable: box.tabIndex === 0 && Boolean(box.getAttribute('aria-label')),
        };
      });
      expect(l.appHidden).toBe(true);
      expect(l.svgWidth).toBeGreaterThanOrEqual(900);
      expect(l.scrolls).toBe(true);
      expect(l.focusable).toBe(true);
      expect(l.pageOverflow).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});
