/**
 * Layout of the built demo in Chromium at 1280, 768 and 390 px, over every page kind: the page body
 * never scrolls sideways, every table is either fully visible or inside a labelled, focusable scroll
 * box, no text spills out of its box, chart labels stay inside their canvas, the traceability matrix
 * fits a laptop screen, and on phones the KPI, load-test and archive tables become one card per row.
 * Screenshots of each page kind at each width go to test-output/screenshots/ (not committed) under
 * `PERFGATE_SHOTS=1` and `npm run test:full`.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.ts';
import { chartsTouchingEdges, layoutShift, measure } from './layout-measure.ts';
import type { StaticServer } from './server.ts';
import { SHOTS, siteInBrowser, type SiteSession } from './session.ts';
import { fullSweep, skipBrowser } from '../helpers/skip.ts';

const BASE = '/demo/';
const CYCLE = 'cycles/2026-08-payments-tail-latency/';
const PAGES = [
  { name: 'home', path: '' },
  { name: 'archive', path: 'cycles/' },
  { name: 'trends', path: 'trends/' },
  { name: 'cycle', path: CYCLE },
  { name: 'current-cycle', path: 'cycles/2026-10-holiday-peak-readiness/' },
  { name: 'gate', path: `${CYCLE}gates/diagnostics/` },
  { name: 'traceability', path: `${CYCLE}traceability/` },
  { name: 'evidence', path: `${CYCLE}evidence/` },
  { name: 'artifact', path: `${CYCLE}artifacts/hypothesis-log/` },
  { name: 'report', path: `${CYCLE}report/` },
  { name: 'docs', path: 'docs/' },
  { name: 'docs-page', path: 'docs/gates/' },
  { name: 'reference', path: 'docs/reference/' },
  { name: 'search', path: 'search/' },
  { name: 'compare', path: 'compare/?a=2025-05-checkout-latency&b=2026-10-holiday-peak-readiness' },
  { name: 'compare-previous', path: `${CYCLE}compare/` },
  { name: 'quarters', path: 'quarters/' },
];
const WIDTHS = [1280, 768, 390];

let session: SiteSession;
let browser: Browser;
let server: StaticServer;

describe.skipIf(skipBrowser)('layout at 1280, 768 and 390 px', () => {
  beforeAll(async () => {
    session = await siteInBrowser('demoSite');
    ({ browser, server } = session);
  }, 240_000);

  afterAll(() => session?.close());

  /** Opens a page at a width; resolves once every chart on it has been drawn. */
  async function open(p: string, width: number) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.origin}${BASE}${p}`, { waitUntil: 'load' });
    // The compare page draws the pair in its address once it has loaded the two cycles.
    if (p.startsWith('compare/?')) await page.waitForSelector('[data-compare-result] section');
    // The chart script un-hides each chart box as it draws it: wait for that, not for a time.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('canvas[data-chart]')].every((c) => !c.parentElement?.hidden),
    );
    return { page, close: () => context.close() };
  }

  // 1280 and 390 px for every kind; 768 px (between the two layouts) for a fixed sample, every kind
  // under `npm run test:full`.
  const TABLET_SAMPLE = ['home', 'cycle', 'traceability', 'report', 'compare-previous'];
  for (const width of WIDTHS) {
    for (const spec of PAGES.filter((p) => width !== 768 || fullSweep || TABLET_SAMPLE.includes(p.name))) {
      it(`${spec.name} at ${width} px: no sideways page scroll, tables boxed, nothing clipped, chart labels inside, nothing moves as it loads`, async () => {
        const { page, close } = await open(spec.path, width);
        try {
          await screenshot(page, path.join(SHOTS, `layout-${spec.name}-${width}.png`));
          const l = await measure(page);
          expect(l.pageOverflow, `${spec.name} @${width}: page scrolls sideways`).toBeLessThanOrEqual(0);
          expect(l.unboxedWide, `${spec.name} @${width}: wide table outside a scroll box`).toEqual([]);
          expect(l.unlabelledBoxes, `${spec.name} @${width}: scroll box without a name or focus`).toEqual([]);
          expect(l.clipped, `${spec.name} @${width}: text clipped by its box`).toEqual([]);
          expect(l.spilling, `${spec.name} @${width}: cell content wider than its cell`).toEqual([]);
          // Charts drawn and the compare result filled in after the first paint move nothing: their
          // room is kept from the start (Lighthouse counted 0.21 on quarters and 0.30 on compare).
          expect(
            await layoutShift(page),
            `${spec.name} @${width}: content moved as the page loaded`,
          ).toBeLessThan(0.01);
          const charts = await chartsTouchingEdges(page);
          expect(
            charts.filter((c) => !c.drawn || c.edges.length > 0),
            `${spec.name} @${width}: chart not drawn, or drawn up to its canvas edge (a cut label)`,
          ).toEqual([]);
        } finally {
          await close();
        }
      });
    }
  }

  it('keeps the logo and the menu in one place on every page kind, wide pages included (1280 px)', async () => {
    const places = new Map<string, string>();
    // The three wide kinds against two of the others.
    const kinds = ['home', 'cycle', 'report', 'traceability', 'quarters'];
    for (const spec of PAGES.filter((p) => kinds.includes(p.name))) {
      const { page, close } = await open(spec.path, 1280);
      try {
        const at = await page.$eval('header .brand', (b) => {
          const r = b.getBoundingClientRect();
          return `${Math.round(r.x)},${Math.round(r.y)}`;
        });
        places.set(spec.name, at);
      } finally {
        await close();
      }
    }
    expect(new Set(places.values()).size, JSON.stringify(Object.fromEntries(places))).toBe(1);
  });

  it('fits the traceability matrix into 1280 px without sideways scrolling', async () => {
    const { page, close } = await open(`${CYCLE}traceability/`, 1280);
    try {
      const box = await page.$eval('table.trace', (t) => {
        const wrap = t.closest('.table-wrap')!;
        return {
          scroll: wrap.scrollWidth,
          client: wrap.clientWidth,
          columns: t.querySelectorAll('thead tr:last-child th').length,
        };
      });
      expect(box.columns).toBe(7); // gates 1-4 and protocols 19, 21, 22, all on screen
      expect(box.scroll).toBeLessThanOrEqual(box.client);
    } finally {
      await close();
    }
  });

  it('shows the scroll cue above a table that scrolls, and keeps its first column in place', async () => {
    const { page, close } = await open(`${CYCLE}report/`, 768);
    try {
      const wide = await page.$$eval('.table-wrap', (boxes) =>
        boxes
          .filter((b) => b.scrollWidth > b.clientWidth + 1)
          .map((b) => {
            const cue = getComputedStyle(b, '::before');
            const first = b.querySelector('tbody tr > :first-child')!;
            const before = first.getBoundingClientRect().left;
            b.scrollLeft = 200;
            const after = first.getBoundingClientRect().left;
            return { cueHeight: parseFloat(cue.height), cueText: cue.content, moved: after - before };
          }),
      );
      expect(wide.length).toBeGreaterThan(0);
      for (const w of wide) {
        expect(w.cueText).toContain('Scroll sideways');
        expect(w.cueHeight).toBeGreaterThan(8);
        expect(Math.abs(w.moved)).toBeLessThanOrEqual(1);
      }
      // A table that fits shows no cue.
      const fitting = await page.$$eval('.table-wrap', (boxes) =>
        boxes
          .filter((b) => b.scrollWidth <= b.clientWidth)
          .map((b) => parseFloat(getComputedStyle(b, '::before').height)),
      );
      expect(fitting.length).toBeGreaterThan(0);
      expect(Math.max(...fitting)).toBeLessThan(1);
    } finally {
      await close();
    }
  });

  it('labels each cycle with its own month, and says "counted" / "not counted: why" in receipts', async () => {
    const { page, close } = await open('', 1280);
    try {
      // 2026-10-holiday-peak-readiness runs 2026-10-19 to 2026-11-16: an October cycle, as its name says.
      const labels = await page.$eval(
        '#gate-history',
        (c) => (JSON.parse(c.getAttribute('data-chart')!) as { labels: string[] }).labels,
      );
      expect(labels.at(-1)).toBe('2026-10');
      expect(labels).toEqual([...new Set(labels)]);
    } finally {
      await close();
    }
    // The current cycle's optimization gate counts only regressions: its other KPIs are "not counted".
    const gate = await open('cycles/2026-10-holiday-peak-readiness/gates/optimization/', 1280);
    try {
      const cells = await gate.page.$$eval('.receipt table', (tables) =>
        tables.flatMap((t) => {
          const col = [...t.querySelectorAll('thead th')].findIndex(
            (th) => th.textContent?.trim() === 'Counted',
          );
          return [...t.querySelectorAll('tbody tr')].map((tr) => tr.children[col]?.textContent?.trim() ?? '');
        }),
      );
      expect(cells.length).toBeGreaterThan(0);
      for (const c of cells) expect(c).toMatch(/^(counted|not counted(: .+)?)$/);
      expect(cells.some((c) => c.startsWith('not counted'))).toBe(true);
    } finally {
      await gate.close();
    }
  });

  it('on a phone shows the differential flame graph after its tables, drawn to the screen width (tap to zoom: flame-touch.test.ts)', async () => {
    const { page, close } = await open(
      'cycles/2026-10-holiday-peak-readiness/profiles/checkout-api-diff/',
      390,
    );
    try {
      await page.waitForSelector('[data-flame-app]:not([hidden]) .flame-frame');
      await screenshot(page, path.join(SHOTS, 'phone-flame-diff.png'));
      const l = await page.evaluate(() => {
        const app = document.querySelector('[data-flame-app]')!;
        const frames = app.querySelector('.flame-frames')!.getBoundingClientRect();
        const gained = document.getElementById('gained')!;
        return {
          pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
          tablesFirst: Boolean(gained.compareDocumentPosition(app) & Node.DOCUMENT_POSITION_FOLLOWING),
          framesInside: frames.left >= 0 && frames.right <= window.innerWidth,
          staticHidden: document.querySelector('.flame-static')!.closest('[hidden]') !== null,
          // The gained and lost tables: one card per frame, nothing to scroll.
          tablesFit: [...document.querySelectorAll('table.stack')].map((t) => {
            const wrap = t.closest('.table-wrap')!;
            return wrap.scrollWidth <= wrap.clientWidth;
          }),
        };
      });
      expect(l.pageOverflow).toBeLessThanOrEqual(0);
      expect(l.tablesFirst).toBe(true);
      expect(l.framesInside).toBe(true);
      expect(l.staticHidden).toBe(true);
      expect(l.tablesFit).toEqual([true, true]);
    } finally {
      await close();
    }
  });

  it('on a phone shows the KPI, what-changed, load-test, receipt and archive tables as one labelled card per row', async () => {
    // The cycle page (KPIs, what changed since the previous cycle, load tests), a gate page (receipts), the archive.
    const expected = {
      [CYCLE]: ['#kpi-table', '#diff-kpis'],
      [`${CYCLE}gates/diagnostics/`]: ['.receipt'],
      'cycles/': [],
    };
    for (const [p, must] of Object.entries(expected)) {
      const { page, close } = await open(p, 390);
      try {
        for (const sel of must)
          expect(
            await page.$$eval(
              sel === '.receipt' ? '.receipt table.stack' : `table.stack > caption${sel}`,
              (ts) => ts.length,
            ),
            `${p}: ${sel} stacked`,
          ).toBeGreaterThan(0);
        if (p.includes('/gates/')) await screenshot(page, path.join(SHOTS, 'phone-gate-receipts.png'));
        const tables = await page.$$eval('table.stack', (ts) =>
          ts.map((t) => {
            const wrap = t.closest('.table-wrap')!;
            const cell = t.querySelector('tbody td[data-label]')!;
            return {
              name: t.querySelector('caption')?.textContent?.trim().slice(0, 60) ?? '',
              fits: wrap.scrollWidth <= wrap.clientWidth,
              // What overflows, when something does: a cell whose content is wider than the cell.
              wide: [...t.querySelectorAll('tbody th, tbody td')]
                .filter((e) => e.scrollWidth > e.clientWidth)
                .map((e) => (e.textContent ?? '').trim().slice(0, 40))
                .join(' | '),
              label: getComputedStyle(cell, '::before').content,
              header: cell.getAttribute('data-label'),
            };
          }),
        );
        expect(tables.length).toBeGreaterThan(0);
        for (const t of tables) {
          expect(t.fits, `${p}: ${t.name} scrolls sideways (${t.wide})`).toBe(true);
          expect(t.label).toBe(`"${t.header}"`);
        }
      } finally {
        await close();
      }
    }
  });
});
