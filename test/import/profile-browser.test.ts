/**
 * Profile pages in Chromium: zoom, breadcrumb and search by mouse and keyboard, no console errors,
 * axe finds nothing serious, and without JavaScript the static SVG and the tables are there.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { FIXTURES, runCli } from '../helpers/cli.ts';
import { AS_OF, BASE, perfgate, SITE_FIXTURES } from '../site/build.ts';
import { serveStatic, type StaticServer } from '../site/server.ts';
import { expectCpuprofile } from './profile-oracle.ts';
import { skipBrowser } from '../helpers/skip.ts';

const SKIP = skipBrowser;
const PROF = path.join(FIXTURES, 'import/profile/cpuprofile');
const PAGE = 'cycles/site-2026-11/profiles/checkout-api-baseline/';

let browser: Browser;
let server: StaticServer;
let axeSource: string;

describe.skipIf(SKIP)('profile pages in Chromium', () => {
  beforeAll(async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-profile-site-'));
    await cp(SITE_FIXTURES, root, { recursive: true });
    const cycle = path.join(root, 'protocol-18');
    for (const [file, phase] of [
      ['cpu-bound.cpuprofile', 'baseline'],
      ['cpu-bound-after.cpuprofile', 'after'],
    ] as const) {
      const r = await runCli([
        'import',
        'profile',
        path.join(PROF, file),
        '--service',
        'checkout-api',
        '--phase',
        phase,
        '--append',
        '--artifacts',
        cycle,
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    // Frame names a hostile profile could carry: they must show as text and never run.
    const hostile = path.join(root, 'hostile.folded');
    await writeFile(
      hostile,
      `main;</script><script>window.__pwned=1</script> 40\nmain;<img src=x onerror="window.__pwned=2"> 30\nmain;&amp;\u0001"quoted" 30\n`,
    );
    const h = await runCli([
      'import',
      'profile',
      hostile,
      '--service',
      'search',
      '--append',
      '--artifacts',
      cycle,
    ]);
    expect(h.code, h.stderr).toBe(0);
    const out = path.join(root, 'dist');
    const built = await perfgate([
      'build',
      '--artifacts',
      cycle,
      '--archive',
      path.join(root, 'archive'),
      '--config',
      path.join(root, 'gates.yaml'),
      '--out',
      out,
      '--base',
      BASE,
      '--as-of',
      AS_OF,
      '--no-fail-on-gate',
    ]);
    expect(built.code, built.stderr).toBe(0);
    server = await serveStatic(out, BASE);
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(
    p: string,
    javaScriptEnabled = true,
    options: { width?: number; colorScheme?: 'light' | 'dark' } = {},
  ) {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: 900 },
      colorScheme: options.colorScheme ?? 'light',
      javaScriptEnabled,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => void (r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`)));
    await page.goto(`${server.origin}${BASE}${p}`, { waitUntil: 'networkidle' });
    return { page, problems, close: () => context.close() };
  }

  async function serious(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axeSource });
    const v = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: (d: Document) => Promise<{ violations: { id: string; impact: string }[] }> };
        }
      ).axe;
      return (await axe.run(document)).violations.map((x) => ({ id: x.id, impact: x.impact }));
    });
    return v.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => x.id);
  }

  it('zooms by click, goes back by the breadcrumb, searches with a total share', async () => {
    const { page, problems, close } = await open(PAGE);
    const frame = (name: string) =>
      page.locator('.flame-frame', { hasText: new RegExp(`^${name}$`) }).first();
    await expect.poll(() => page.locator('.flame-frame').count()).toBeGreaterThan(5);
    expect(await page.locator('.flame-static').isHidden()).toBe(true);
    // Zoom into handleRequest: it becomes the full-width first row, the breadcrumb ends with it.
    await frame('handleRequest').click();
    await expect.poll(() => page.locator('.flame-crumbs [aria-current]').textContent()).toBe('handleRequest');
    const box = await page.locator('.flame-frames').boundingBox();
    const zoomed = await frame('handleRequest').boundingBox();
    expect(zoomed!.width).toBeGreaterThan(box!.width * 0.99);
    // Back to the root through the breadcrumb.
    await page.locator('.flame-crumbs button', { hasText: 'all' }).click();
    await expect.poll(() => page.locator('.flame-crumbs [aria-current]').textContent()).toBe('all');
    // Search: every priceItems frame highlighted; the share is samples on priceItems' stacks / all samples.
    const e = expectCpuprofile(path.join(PROF, 'cpu-bound.cpuprofile'));
    const share = ((100 * e.self.get('priceItems')!) / e.total).toFixed(2);
    await page.getByLabel('Search frames').fill('priceitems');
    await expect
      .poll(() => page.locator('.flame-search-result').textContent())
      .toMatch(new RegExp(`, ${share.replace('.', '\\.')} % of the total`));
    expect(await page.locator('.flame-frame.match').count()).toBeGreaterThan(0);
    // Hover shows details.
    await frame('handleRequest').hover();
    await expect
      .poll(() => page.locator('.flame-details').textContent())
      .toMatch(/^handleRequest \(cpu-bound\.cjs\): total \d+\.\d\d %/);
    expect(problems).toEqual([]);
    expect(await serious(page)).toEqual([]);
    await close();
  });

  it('works by keyboard: one tab stop, arrows move, Enter zooms, Escape zooms out', async () => {
    const { page, problems, close } = await open(PAGE);
    await expect.poll(() => page.locator('.flame-frame').count()).toBeGreaterThan(5);
    await page.locator('.flame-frame[tabindex="0"]').focus();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('all');
    await page.keyboard.press('ArrowDown');
    const first = await page.evaluate(() => document.activeElement?.textContent);
    expect(first).not.toBe('all');
    await expect
      .poll(() => page.locator('.flame-details').textContent())
      .toMatch(new RegExp(`^${first!.replace(/[()]/g, '\\$&')}`));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.flame-crumbs [aria-current]').textContent()).toBe(first);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.flame-crumbs [aria-current]').textContent()).toBe('all');
    expect(await page.locator('.flame-frame[tabindex="0"]').count()).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('without JavaScript: the static SVG with a title per frame and the top-frame tables', async () => {
    const { page, close } = await open(PAGE, false);
    expect(await page.locator('.flame-static svg').isVisible()).toBe(true);
    expect(await page.locator('.flame-static svg g title').count()).toBeGreaterThan(5);
    expect(await page.locator('.flame-app').isHidden()).toBe(true);
    const e = expectCpuprofile(path.join(PROF, 'cpu-bound.cpuprofile'));
    const top = [...e.self].sort((a, b) => b[1] - a[1])[0]!;
    const firstRow = page.locator('#top-self + .table-wrap tbody tr').first();
    expect(await firstRow.locator('th').textContent()).toBe(top[0]);
    expect(await firstRow.locator('td').nth(2).textContent()).toBe(
      `${((100 * top[1]) / e.total).toFixed(2)} %`,
    );
    await close();
  });

  it('hostile frame names are shown as text and run nothing', async () => {
    const { page, problems, close } = await open('cycles/site-2026-11/profiles/search-baseline/');
    let dialogs = 0;
    page.on('dialog', (d) => void (dialogs++, d.dismiss()));
    await expect.poll(() => page.locator('.flame-frame').count()).toBeGreaterThan(2);
    await page.getByLabel('Search frames').fill('script');
    await expect
      .poll(() => page.locator('.flame-search-result').textContent())
      .toMatch(/^1 matching frame, 40\.00 % of the total$/);
    expect(
      await page.locator('.flame-frame', { hasText: '</script><script>window.__pwned=1</script>' }).count(),
    ).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('passes axe in dark mode and fits a phone screen', async () => {
    const dark = await open(PAGE, true, { colorScheme: 'dark' });
    await expect.poll(() => dark.page.locator('.flame-frame').count()).toBeGreaterThan(5);
    expect(await serious(dark.page)).toEqual([]);
    await dark.close();
    const phone = await open(PAGE, true, { width: 375 });
    await expect.poll(() => phone.page.locator('.flame-frame').count()).toBeGreaterThan(2);
    expect(
      await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    expect(phone.problems).toEqual([]);
    await phone.close();
  });

  it('the differential page is linked from the service row and the hypothesis, and has its legend and tables', async () => {
    const { page, problems, close } = await open('cycles/site-2026-11/');
    const links = page.locator('a[href$="/profiles/checkout-api-diff/"]');
    expect(await links.count()).toBe(2);
    expect(
      await page
        .locator('#hyp-table')
        .locator('..')
        .locator('a[href$="/profiles/checkout-api-diff/"]')
        .count(),
    ).toBe(1);
    await links.first().click();
    await page.waitForURL(/checkout-api-diff/);
    expect(await page.locator('svg [aria-label="legend"]').count()).toBe(1);
    expect(await page.locator('#lost + .table-wrap tbody tr').first().locator('th').textContent()).toBe(
      'priceItems',
    );
    expect(problems).toEqual([]);
    expect(await serious(page)).toEqual([]);
    await close();
  });
});
