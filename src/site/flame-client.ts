/**
 * The interactive flame graph of a profile page: a click or a tap (or Enter) zooms into a frame and
 * shows its numbers, the breadcrumb goes back, search highlights matching frames and gives their share
 * of the total, hover and focus show a frame's details. Arrow keys move between frames (one tab stop:
 * roving tabindex). A differential tree (the after profile's shape) colours each frame by the change of
 * its share as the static differential SVG does, and its details give the baseline and after shares.
 * The graph fills its container's width at any screen size: narrow frames are reached by zooming.
 * Without JavaScript the page keeps its static SVG and tables.
 */
import {
  changePoints,
  deltaFill,
  MERGED_FILL,
  moduleFill,
  textColour,
} from '../core/import/profile/colors.ts';
import type { CompactNode, CompactTree } from '../core/import/profile/compact.ts';
import { pct, pointsChange } from '../core/import/profile/format.ts';
import { plural } from '../core/format/plural.ts';

interface F {
  id: number;
  name: string;
  module: string;
  self: number;
  total: number;
  /** The baseline's total weight at the same frame path (differential trees; undefined on "other"). */
  baseline: number | undefined;
  parent: F | null;
  children: F[];
}

/**
 * Frames narrower than this share of the zoomed frame, or than MIN_PX pixels (a sliver neither seen
 * apart from its neighbours nor tapped), are not drawn: a reader zooms into their parent to reach them.
 */
const MIN_WIDTH = 0.002;
const MIN_PX = 2;

const isMerged = (f: F) => f.name.endsWith('small frames') || f.name === '1 small frame';

function expand(t: CompactTree): F[] {
  const all: F[] = [];
  const make = (n: CompactNode, parent: F | null): F => {
    const f: F = {
      id: all.length,
      name: t.strings[n[0]]!,
      module: t.strings[n[1]]!,
      self: n[2],
      total: n[3],
      baseline: n[5],
      parent,
      children: [],
    };
    all.push(f);
    f.children = n[4].map((c) => make(c, f));
    return f;
  };
  make(t.root, null);
  return all;
}

function mount(app: HTMLElement): void {
  const data = JSON.parse(
    app.querySelector('script[type="application/json"]')!.textContent!,
  ) as CompactTree & {
    unit: string;
  };
  const diff = data.diff;
  const frames = expand(data);
  const root = frames[0]!;
  const total = root.total;
  const crumbs = app.querySelector<HTMLOListElement>('.flame-crumbs ol')!;
  const box = app.querySelector<HTMLDivElement>('.flame-frames')!;
  const details = app.querySelector<HTMLElement>('.flame-details')!;
  const search = app.querySelector<HTMLInputElement>('input[type="search"]')!;
  const result = app.querySelector<HTMLElement>('.flame-search-result')!;
  let zoom = root;
  let query = '';
  let focusId = root.id;
  let drawnWidth = 0;

  // A frame's change of total share, computed as the static differential SVG computes it.
  const baseShare = (f: F) => (diff && diff.baseline_total > 0 ? (f.baseline ?? 0) / diff.baseline_total : 0);
  const points = (f: F) => changePoints(f.total / total, baseShare(f));
  const shares = (f: F) =>
    diff && f.baseline !== undefined
      ? `total ${pct(f.baseline, diff.baseline_total)} → ${pct(f.total, total)} of the profile (${pointsChange(points(f))}${f.baseline === 0 ? ', new in the after profile' : ''})`
      : `total ${pct(f.total, total)}, self ${pct(f.self, total)} of the profile`;
  const describe = (f: F) =>
    `${f.name}${f.module ? ` (${f.module})` : ''}: ${shares(f)}` +
    (zoom !== root ? `; ${pct(f.total, zoom.total)} of ${zoom.name}` : '');
  const fillOf = (f: F) =>
    isMerged(f) ? MERGED_FILL : diff ? deltaFill(points(f), diff.scale) : moduleFill(f.module);
  // The row height is the stylesheet's (taller rows for a finger on a touch screen).
  const row = () => parseFloat(getComputedStyle(box).getPropertyValue('--flame-row')) || 20;
  const matches = (f: F) => query !== '' && f.name.toLowerCase().includes(query);

  function render(): void {
    const frag = document.createDocumentFragment();
    let depthMax = 0;
    const ROW = row();
    drawnWidth = box.clientWidth;
    const minW = Math.max(MIN_WIDTH, MIN_PX / Math.max(drawnWidth, 1));
    const place = (f: F, depth: number, x: number) => {
      const w = f.total / zoom.total;
      // The zoomed frame is always drawn (a box measured at 0 px wide, hidden or mid-resize, included).
      if (w < minW && f !== zoom) return;
      depthMax = Math.max(depthMax, depth);
      const b = document.createElement('button');
      b.type = 'button';
      b.className = matches(f) ? 'flame-frame match' : 'flame-frame';
      b.dataset.id = String(f.id);
      b.tabIndex = f.id === focusId ? 0 : -1;
      const fill = fillOf(f);
      b.style.cssText = `left:${(100 * x).toFixed(4)}%;width:${(100 * w).toFixed(4)}%;top:${depth * ROW}px;background:${fill};color:${textColour(fill)}`;
      b.textContent = f.name;
      b.setAttribute('aria-label', describe(f));
      frag.append(b);
      let cx = x;
      for (const c of f.children) {
        place(c, depth + 1, cx);
        cx += c.total / zoom.total;
      }
    };
    place(zoom, 0, 0);
    box.replaceChildren(frag);
    box.style.height = `${(depthMax + 1) * ROW}px`;
    const path: F[] = [];
    for (let f: F | null = zoom; f; f = f.parent) path.unshift(f);
    crumbs.replaceChildren(
      ...path.map((f) => {
        const li = document.createElement('li');
        if (f === zoom) {
          li.setAttribute('aria-current', 'location');
          li.textContent = f.name;
        } else {
          const b = document.createElement('button');
          b.type = 'button';
          b.dataset.id = String(f.id);
          b.textContent = f.name;
          li.append(b);
        }
        return li;
      }),
    );
    if (!box.querySelector(`[data-id="${focusId}"]`)) focusId = zoom.id;
    const focusable = box.querySelector<HTMLButtonElement>(`[data-id="${focusId}"]`);
    if (focusable) focusable.tabIndex = 0;
  }

  function zoomTo(f: F, focus: boolean): void {
    zoom = f;
    focusId = f.id;
    render();
    details.textContent = describe(f);
    if (focus) box.querySelector<HTMLButtonElement>(`[data-id="${f.id}"]`)?.focus();
  }

  function runSearch(): void {
    query = search.value.trim().toLowerCase();
    render();
    if (!query) {
      result.textContent = '';
      return;
    }
    let count = 0;
    let weight = 0;
    // A match inside another match is already counted in the outer one's total.
    const visit = (f: F, inMatch: boolean) => {
      const m = matches(f);
      if (m) count++;
      if (m && !inMatch) weight += f.total;
      for (const c of f.children) visit(c, inMatch || m);
    };
    visit(root, false);
    result.textContent = count
      ? `${plural(count, 'matching frame')}, ${pct(weight, total)} of the total`
      : 'No frame matches';
  }

  const frameOf = (el: EventTarget | null) => {
    const b = (el as HTMLElement | null)?.closest?.<HTMLElement>('[data-id]');
    return b ? frames[Number(b.dataset.id)] : undefined;
  };
  box.addEventListener('click', (e) => {
    const f = frameOf(e.target);
    if (f) zoomTo(f, true);
  });
  crumbs.addEventListener('click', (e) => {
    const f = frameOf(e.target);
    if (f) zoomTo(f, false);
    box.querySelector<HTMLButtonElement>(`[data-id="${zoom.id}"]`)?.focus();
  });
  const show = (e: Event) => {
    const f = frameOf(e.target);
    if (f) details.textContent = describe(f);
  };
  // Hover by a mouse and focus by the keyboard show a frame's numbers; a tap or a click zooms and shows
  // them then. The details line can change its height (it wraps on a phone), moving the frames below it:
  // between a finger's touch and its click, the frame under the finger would be another one.
  box.addEventListener('pointerover', (e) => {
    if (e.pointerType !== 'touch') show(e);
  });
  box.addEventListener('focusin', (e) => {
    if ((e.target as HTMLElement).matches(':focus-visible')) show(e);
    const f = frameOf(e.target);
    if (!f) return;
    box.querySelector<HTMLButtonElement>(`[data-id="${focusId}"]`)?.setAttribute('tabindex', '-1');
    focusId = f.id;
    (e.target as HTMLElement).tabIndex = 0;
  });
  box.addEventListener('keydown', (e) => {
    const f = frameOf(e.target);
    if (!f) return;
    const visible = (x: F | undefined) =>
      (x && box.querySelector<HTMLButtonElement>(`[data-id="${x.id}"]`)) || null;
    const sibs = f.parent?.children ?? [];
    const i = sibs.indexOf(f);
    const target =
      e.key === 'ArrowUp'
        ? f === zoom
          ? null
          : visible(f.parent ?? undefined)
        : e.key === 'ArrowDown'
          ? f.children.map(visible).find(Boolean)
          : e.key === 'ArrowLeft'
            ? sibs.slice(0, Math.max(i, 0)).reverse().map(visible).find(Boolean)
            : e.key === 'ArrowRight'
              ? sibs
                  .slice(i + 1)
                  .map(visible)
                  .find(Boolean)
              : e.key === 'Escape' && zoom.parent
                ? (zoomTo(zoom.parent, true), null)
                : undefined;
    if (target === undefined) return;
    e.preventDefault();
    target?.focus();
  });
  search.addEventListener('input', runSearch);
  app.querySelector('form')!.addEventListener('submit', (e) => {
    e.preventDefault();
    runSearch();
  });
  // Which frames are wide enough to draw depends on the width: draw again when it changes (a phone turned).
  new ResizeObserver(() => {
    if (box.clientWidth !== drawnWidth) render();
  }).observe(box);
  app.hidden = false;
  app.parentElement?.querySelector<HTMLElement>('.flame-static')?.setAttribute('hidden', '');
  render();
  details.textContent = describe(root);
}

/** Mounts every interactive flame graph of the page. */
export function mountFlames(): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-flame-app]')) mount(el);
}
