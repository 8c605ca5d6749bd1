/**
 * The compare page's script: reads the pair from the URL (`?a=<slug>&b=<slug>`) or the form, loads
 * the two cycles' `compare.json`, runs the core's `compareCycles` and draws the same tables as the
 * prebuilt comparison pages (`CompareView.astro`). Text goes in as text, never as HTML.
 */
import { compareCycles } from '../core/history/compare/compare.ts';
import type { Comparison, CompareSide } from '../core/history/compare/types.ts';
import { joinBase } from '../core/history/site-data.ts';
import { formatImprovement } from '../core/format/percent.ts';
import { kpiUnit } from '../core/format/kpi.ts';
import { humanize, num, statusLabel, verdictInfo, type Status } from './labels.ts';

type Child = Node | string | null | false | undefined;

/** An element with attributes and children (strings become text nodes). */
function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== false && c !== undefined) el.append(c);
  return el;
}

const badge = (s: Status, label = statusLabel(s)) => h('span', { class: 'badge', 'data-tone': s }, label);
const trendClass = (t: string) =>
  t === 'better' || t === 'tightened' ? 'delta-good' : t === 'worse' || t === 'loosened' ? 'delta-bad' : '';
const value = (kpi: string, v: number) => h('data', { value: String(v) }, `${num(v)} ${kpiUnit(kpi)}`);

function table(id: string, caption: string, head: string[], rows: HTMLElement[], numeric = 0): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-labelledby': id, tabindex: '0' },
    h(
      'table',
      { class: 'diff' },
      h('caption', { id }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...head.map((x, i) => h('th', { scope: 'col', class: i > 0 && i <= numeric ? 'num' : '' }, x)),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}

/** The comparison as the prebuilt pages show it. */
export function renderComparison(c: Comparison, base: string): HTMLElement {
  const d = c.diff;
  const link = (slug: string, text: string) => h('a', { href: joinBase(base, `cycles/${slug}/`) }, text);
  const sides = h(
    'ul',
    { class: 'cards compare-sides' },
    ...(
      [
        ['A', c.a],
        ['B', c.b],
      ] as const
    ).map(([key, s]) =>
      h(
        'li',
        { class: 'card', 'data-tone': verdictInfo(s.verdict).tone, 'data-side': key },
        h('p', { class: 'card-title' }, `${key} · `, link(s.slug, s.cycle_id)),
        h(
          'p',
          { class: 'small' },
          s.title,
          s.period ? ` · ${s.period.start.slice(0, 10)} – ${s.period.end.slice(0, 10)}` : '',
        ),
        badge(verdictInfo(s.verdict).tone, verdictInfo(s.verdict).label),
      ),
    ),
  );
  const warnings =
    c.warnings.length > 0
      ? h(
          'div',
          {
            class: 'notice compare-warnings',
            role: 'note',
            'data-compare-warnings': String(c.warnings.length),
          },
          h('strong', {}, 'Not directly comparable.'),
          ' The numbers below are shown, but these differences can explain them:',
          h('ul', {}, ...c.warnings.map((w) => h('li', { 'data-warning': w.kind }, w.message))),
        )
      : h(
          'p',
          { class: 'muted', 'data-compare-warnings': '0' },
          'Same environment, load tool and version, scenarios, peak concurrency and duration for every service tested in both.',
        );
  const gates = table(
    'compare-gates',
    'Gates, A → B',
    ['Gate', 'A', 'B', 'Change'],
    c.gates.map((g) =>
      h(
        'tr',
        { 'data-gate-compare': String(g.gate) },
        h('th', { scope: 'row' }, `Gate ${g.gate} · ${humanize(g.name)}`),
        h('td', {}, g.a ? badge(g.a) : '—'),
        h('td', {}, g.b ? badge(g.b) : '—'),
        h('td', {}, g.a !== g.b ? h('strong', {}, 'changed') : h('span', { class: 'muted' }, 'unchanged')),
      ),
    ),
  );
  const kpis = table(
    'compare-kpis',
    'KPIs measured in both (after values); change is B against A: positive means B is better',
    ['Service · KPI', 'A', 'B', 'Change', 'Trend'],
    d.kpis.map((k) =>
      h(
        'tr',
        { 'data-kpi-compare': `${k.service}:${k.kpi}${k.endpoint ? `:${k.endpoint}` : ''}` },
        h(
          'th',
          { scope: 'row' },
          `${k.service} · `,
          h('code', {}, k.kpi),
          k.endpoint && h('span', { class: 'sub' }, k.endpoint),
        ),
        h('td', { class: 'num' }, value(k.kpi, k.previous_after)),
        h('td', { class: 'num' }, value(k.kpi, k.after)),
        h('td', { class: 'num' }, h('span', { class: trendClass(k.trend) }, formatImprovement(k.change))),
        h('td', {}, k.trend.replace('_', ' ')),
      ),
    ),
    3,
  );
  const keyText = (k: { service: string; kpi: string; endpoint: string | null }) =>
    `${k.service} ${k.kpi}${k.endpoint ? ` (${k.endpoint})` : ''}`;
  const only = h(
    'ul',
    { class: 'compare-only' },
    d.kpis_dropped.length > 0 &&
      h(
        'li',
        { 'data-only': 'a' },
        `Only in A (${c.a.cycle_id}): ${d.kpis_dropped.map(keyText).join(', ')}.`,
      ),
    d.kpis_added.length > 0 &&
      h('li', { 'data-only': 'b' }, `Only in B (${c.b.cycle_id}): ${d.kpis_added.map(keyText).join(', ')}.`),
  );
  return h(
    'section',
    { class: 'compare', 'aria-label': `${c.a.cycle_id} compared with ${c.b.cycle_id}` },
    sides,
    warnings,
    gates,
    d.kpis.length > 0 ? kpis : h('p', { class: 'muted' }, 'No KPI has an after value in both cycles.'),
    only.childElementCount > 0 && h('h2', {}, 'Measured in only one of the two'),
    only.childElementCount > 0 && only,
  );
}

async function side(base: string, slug: string): Promise<CompareSide> {
  const res = await fetch(joinBase(base, `cycles/${encodeURIComponent(slug)}/compare.json`));
  if (!res.ok) throw new Error(`No cycle ${slug} in this archive.`);
  return (await res.json()) as CompareSide;
}

/** Wires the compare page: the form, the URL and the result. */
export function startComparePage(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-compare-form]');
  const result = document.querySelector<HTMLElement>('[data-compare-result]');
  if (!form || !result) return;
  form.hidden = false;
  const base = form.dataset.base ?? '/';
  const select = (name: string) => form.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
  const show = async (a: string, b: string) => {
    result.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    try {
      const [sa, sb] = await Promise.all([side(base, a), side(base, b)]);
      result.replaceChildren(renderComparison(compareCycles(sa, sb), base));
    } catch (e) {
      result.replaceChildren(h('p', { class: 'notice', role: 'alert' }, (e as Error).message));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const a = select('a').value;
    const b = select('b').value;
    const url = new URL(window.location.href);
    url.search = new URLSearchParams({ a, b }).toString();
    window.history.pushState(null, '', url);
    void show(a, b);
  });
  const params = new URLSearchParams(window.location.search);
  const a = params.get('a');
  const b = params.get('b');
  if (a && b) {
    select('a').value = a;
    select('b').value = b;
    void show(a, b);
  }
}
