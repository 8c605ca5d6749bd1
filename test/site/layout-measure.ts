/** Measurements of a page's layout in the browser, as a reader would see it (used by layout.test.ts). */
import type { Page } from 'playwright-core';

/** What a reader would notice, measured in the page (each list names the offending elements). */
export interface Layout {
  pageOverflow: number;
  /** Tables wider than their box that are not in a labelled, focusable scroll container. */
  unboxedWide: string[];
  /** Scroll containers without an accessible name, or not reachable with the keyboard. */
  unlabelledBoxes: string[];
  /** Elements whose text runs past their own box where it is hidden (overflow hidden/clip). */
  clipped: string[];
  /** Table cells whose content is wider than the cell (it would overlap the next column). */
  spilling: string[];
}

/** Measures page overflow, unboxed or unlabelled wide tables, clipped text and spilling cells. */
export function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const labelOf = (el: Element) => {
      const ids = el.getAttribute('aria-labelledby');
      if (ids)
        return ids
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
          .trim();
      return el.getAttribute('aria-label')?.trim() ?? '';
    };
    const scrollBox = (el: Element): HTMLElement | null => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll') return p;
      }
      return null;
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const unboxedWide: string[] = [];
    const unlabelledBoxes: string[] = [];
    for (const table of document.querySelectorAll('table')) {
      if (!visible(table)) continue;
      const box = scrollBox(table);
      const r = table.getBoundingClientRect();
      const main = document.querySelector('main')!.getBoundingClientRect();
      if (!box) {
        if (r.right > main.right + 1 || r.left < main.left - 1) unboxedWide.push(name(table));
        continue;
      }
      if (box.scrollWidth > box.clientWidth + 1) {
        if (box.getAttribute('role') !== 'region' || !labelOf(box) || box.tabIndex !== 0)
          unlabelledBoxes.push(name(box));
      }
    }
    const clipped: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('main *, header *, footer *')) {
      if (!visible(el) || el.closest('.sr-only, canvas, .chart-box')) continue;
      // Visually hidden on purpose (screen-reader text, the stacked tables' header row): 1 px boxes.
      if (el.matches('.sr-only') || el.clientWidth <= 1 || el.clientHeight <= 1) continue;
      const s = getComputedStyle(el);
      // The scroll cue is meant to collapse: it has no text to clip when there is nothing to scroll.
      if (s.overflowX === 'hidden' || s.overflowX === 'clip' || s.textOverflow === 'ellipsis')
        if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
          if ((el.textContent ?? '').trim()) clipped.push(name(el));
    }
    const spilling: string[] = [];
    for (const cell of document.querySelectorAll<HTMLElement>('th, td')) {
      if (!visible(cell)) continue;
      if (cell.scrollWidth > cell.clientWidth + 1) spilling.push(name(cell));
    }
    return {
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      unboxedWide,
      unlabelledBoxes,
      clipped,
      spilling,
    };
  });
}

/** Canvases with drawn pixels on their outermost rows or columns: a label cut by the canvas edge. */
export function chartsTouchingEdges(page: Page): Promise<{ id: string; drawn: boolean; edges: string[] }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('canvas')].map((c) => {
      const ctx = c.getContext('2d')!;
      const { width: w, height: h } = c;
      const data = ctx.getImageData(0, 0, w, h).data;
      const alpha = (x: number, y: number) => data[(y * w + x) * 4 + 3]!;
      let drawn = false;
      for (let i = 3; i < data.length && !drawn; i += 4) drawn = data[i] !== 0;
      const edges: string[] = [];
      const band = 2;
      for (let x = 0; x < w; x++)
        for (let d = 0; d < band; d++) {
          if (alpha(x, d) && !edges.includes('top')) edges.push('top');
          if (alpha(x, h - 1 - d) && !edges.includes('bottom')) edges.push('bottom');
        }
      for (let y = 0; y < h; y++)
        for (let d = 0; d < band; d++) {
          if (alpha(d, y) && !edges.includes('left')) edges.push('left');
          if (alpha(w - 1 - d, y) && !edges.includes('right')) edges.push('right');
        }
      return { id: c.id, drawn, edges };
    }),
  );
}

/**
 * The page's cumulative layout shift since it started loading (Chromium's Layout Instability API,
 * what Lighthouse's CLS adds up): how far visible content moved as the page loaded, its charts were
 * drawn and its scripts filled it in, without a reader's input.
 */
export function layoutShift(page: Page): Promise<number> {
  return page.evaluate(() => {
    const observer = new PerformanceObserver(() => undefined);
    observer.observe({ type: 'layout-shift', buffered: true });
    const entries = observer.takeRecords() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
    })[];
    observer.disconnect();
    return entries.reduce((sum, e) => sum + (e.hadRecentInput ? 0 : e.value), 0);
  });
}
