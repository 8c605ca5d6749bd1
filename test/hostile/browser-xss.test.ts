/**
 * Every Markdown payload of the hostile corpus (the `payload: true` cases) appended to the
 * artifacts of one cycle, a PERFORMANCE-REPORT.md generated from them, the site built with the real
 * `perfgate build`, and each page of that cycle opened in Chromium: no script runs (the sentinel
 * `window.__pwned` stays unset), no dialog opens, no request leaves for another origin, no link
 * carries a script-capable URL, and scripted evidence SVGs are shown only through <img>.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, runCli } from '../helpers/cli.ts';
import { listFiles, perfgate } from '../site/build.ts';
import { serveStatic, type StaticServer } from '../site/server.ts';
import { applyCase, AS_OF, readCases } from './cases.ts';
import { CHROMIUM, launchChromium } from '../helpers/browser.ts';
import { skipBrowser } from '../helpers/skip.ts';

const SKIP = skipBrowser;
const BASE = '/hostile/';
const SLUG = 'fixture-2026-11';

const payloads = (await readCases()).filter(({ c }) => c.payload);

let root: string;
let out: string;
let pages: string[];
let browser: Browser;
let server: StaticServer;

describe.skipIf(SKIP)('hostile Markdown in a real browser', () => {
  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} not found (or set PERFGATE_SKIP_BROWSER=1)`).toBe(true);
    root = await copyFixture('valid');
    for (const { name, c } of payloads) await applyCase(name, c, root);
    const args = [
      '--artifacts',
      path.join(root, 'protocol-18'),
      '--config',
      path.join(FIXTURES, 'defaults.yaml'),
    ];
    const report = await runCli([
      'report',
      ...args,
      '--archive',
      path.join(root, 'archive'),
      '--as-of',
      AS_OF,
    ]);
    expect(report.code, report.stderr).toBe(0); // payloads are warnings: the cycle itself passes
    out = path.join(root, 'dist');
    const built = await perfgate([
      'build',
      ...args,
      '--archive',
      path.join(root, 'archive'),
      '--out',
      out,
      '--base',
      BASE,
      '--as-of',
      AS_OF,
    ]);
    expect(built.code, built.stderr).toBe(0);
    pages = (await listFiles(out))
      .filter((f) => f.startsWith(`cycles/${SLUG}/`) && f.endsWith('index.html'))
      .map((f) => f.slice(0, -'index.html'.length));
    server = await serveStatic(out, BASE);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('uses at least ten payload cases and renders every Markdown artifact and the report', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(10);
    for (const name of [
      'hypothesis-log',
      'profiling-report',
      'capacity-analysis',
      'instrumentation-update-log',
      'continuous-improvement-notes',
    ])
      expect(pages).toContain(`cycles/${SLUG}/artifacts/${name}/`);
    expect(pages).toContain(`cycles/${SLUG}/report/`);
  });

  it('puts the payloads on the pages as inert text', async () => {
    const html = await readFile(
      path.join(out, `cycles/${SLUG}/artifacts/instrumentation-update-log/index.html`),
      'utf8',
    );
    expect(html).toContain('&#x3C;script>window.__pwned'); // shown as code, escaped
    const report = await readFile(path.join(out, `cycles/${SLUG}/report/index.html`), 'utf8');
    expect(report).toContain('H-9'); // the hostile hypothesis made it into the generated report
  });

  it('runs no script, opens no dialog and sends no request to another origin, on every page of the cycle', async () => {
    const origin = server.origin;
    // Pages with scripted evidence on them: the every() checks below must not pass on empty lists.
    let svgSeen = 0;
    let htmlSeen = 0;
    for (const p of pages) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (new URL(url).origin === origin) return route.continue();
        problems.push(`request to ${url}`);
        return route.abort();
      });
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('popup', (w) => problems.push(`popup: ${w.url()}`));
      try {
        // A fake clock, so that a payload's timers can be run forward instead of waited for.
        await page.clock.install();
        await page.goto(`${origin}${BASE}${p}`, { waitUntil: 'networkidle' });
        // Hover, focus and toggle everything a handler could hang on, then run every timer due in the next minute.
        await page.evaluate(() => {
          for (const el of document.querySelectorAll('body *')) {
            for (const type of ['mouseover', 'focus', 'click', 'toggle', 'animationstart'])
              if (type !== 'click' || !el.closest('a, button, summary, form'))
                el.dispatchEvent(new Event(type, { bubbles: false }));
          }
        });
        await page.clock.runFor(60_000);
        const state = await page.evaluate((base) => {
          const w = window as unknown as { __pwned?: unknown };
          const unsafe = /^(javascript|vbscript|data):/i;
          const strip = (s: string) => s.replace(/[\u0000-\u0020\u007f]+/g, '');
          return {
            pwned: w.__pwned ?? null,
            scripts: [...document.scripts]
              .filter((s) =>
                s.src ? !new URL(s.src).pathname.startsWith(base) : /__pwned|alert\(/.test(s.text),
              )
              .map((s) => s.src || s.text.slice(0, 80)),
            links: [...document.querySelectorAll('a[href], area[href]')]
              .map((a) => a.getAttribute('href') ?? '')
              .filter((h) => unsafe.test(strip(h))),
            sources: [...document.querySelectorAll('[src], [srcdoc], [data], [action], [formaction]')]
              .filter((e) => !(e instanceof HTMLScriptElement || e instanceof HTMLImageElement))
              .map((e) => e.outerHTML.slice(0, 80)),
            handlers: [...document.querySelectorAll('*')].flatMap((e) =>
              [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName} ${a.name}`),
            ),
            frames: document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv]').length,
            svgEvidence: [...document.images]
              .filter((i) => i.getAttribute('src')?.includes('evil-flame.svg'))
              .map((i) => i.complete && i.naturalWidth > 0),
            // Copies of cycle files are offered as downloads, never opened in the site's origin.
            openable: [...document.querySelectorAll('a[href*="/files/"]')]
              .filter((a) => !a.hasAttribute('download'))
              .map((a) => a.getAttribute('href')),
            htmlEvidence: [...document.querySelectorAll('a[href*="evil-flame.html"]')].map((a) =>
              a.hasAttribute('download'),
            ),
          };
        }, BASE);
        expect(problems, p).toEqual([]);
        expect(state.pwned, p).toBeNull();
        expect(
          await page.evaluate(() => (window.top as unknown as { __pwned?: unknown }).__pwned ?? null),
        ).toBeNull();
        expect(state.scripts, p).toEqual([]);
        expect(state.links, p).toEqual([]);
        expect(state.sources, p).toEqual([]);
        expect(state.handlers, p).toEqual([]);
        expect(state.frames, p).toBe(0);
        expect(state.openable, p).toEqual([]);
        // Scripted evidence: the SVG is displayed through <img> (where scripts never run), the HTML offered as a download.
        expect(state.svgEvidence.every(Boolean), p).toBe(true);
        expect(state.htmlEvidence.every(Boolean), p).toBe(true);
        svgSeen += state.svgEvidence.length;
        htmlSeen += state.htmlEvidence.length;
      } finally {
        await context.close();
      }
    }
    expect(svgSeen, 'pages showing evil-flame.svg').toBeGreaterThan(0);
    expect(htmlSeen, 'links to evil-flame.html').toBeGreaterThan(0);
  }, 120_000);

  it('shows the scripted SVG evidence on the profiling page, loaded through <img>', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}${BASE}cycles/${SLUG}/artifacts/profiling-report/`, {
        waitUntil: 'networkidle',
      });
      const imgs = await page.evaluate(() =>
        [...document.images].filter((i) => i.src.includes('evil-flame.svg')).map((i) => i.naturalWidth),
      );
      expect(imgs.length).toBeGreaterThan(0);
      expect(imgs.every((w) => w > 0)).toBe(true);
      expect(
        await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null),
      ).toBeNull();
    } finally {
      await context.close();
    }
  });
});
