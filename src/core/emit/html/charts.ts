/**
 * Charts as inline SVG, drawn when the report is written: seen without a script, printed as drawn,
 * coloured by the page's stylesheet (light, dark, paper). Each chart is an image with a title and a
 * description; the table beside it holds the same numbers. Coordinates have one decimal, so the
 * bytes depend on the values only.
 */
import { h, type Child, type Html } from './h.ts';

const W = 720;
const PAD = 8;

const px = (v: number) => String(Math.round(v * 10) / 10);

function frame(id: string, title: string, desc: string, height: number, body: Child): Html {
  return h(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: 'chart-svg',
      viewBox: `0 0 ${W} ${px(height)}`,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
    },
    h('title', { id: `${id}-title` }, title),
    h('desc', { id: `${id}-desc` }, desc),
    body,
  );
}

export interface HBar {
  label: string;
  /** The value drawn (e.g. an improvement in percent); null draws no bar and says so. */
  value: number | null;
  /** What is written at the bar's end. */
  text: string;
  tone: 'after' | 'fail';
}

/** Horizontal bars from a zero line, each labelled above its bar (negative values to the left). */
export function horizontalBars(id: string, title: string, desc: string, bars: readonly HBar[]): Html {
  const ROW = 40;
  const values = bars.flatMap((b) => (b.value === null ? [] : [b.value]));
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  // Room at both ends for the value written beside the bar.
  const left = PAD + (lo < 0 ? 70 : 0);
  const right = W - PAD - 70;
  const x = (v: number) => left + ((v - lo) / span) * (right - left);
  const zero = x(0);
  const height = bars.length * ROW + PAD * 2;
  const rows = bars.map((b, i) => {
    const y = PAD + i * ROW;
    const label = h('text', { x: PAD, y: px(y + 12), class: 'chart-label' }, b.label);
    if (b.value === null)
      return h('g', null, label, h('text', { x: px(zero + 4), y: px(y + 29), class: 'chart-value' }, b.text));
    const end = x(b.value);
    const x0 = Math.min(zero, end);
    const neg = b.value < 0;
    return h(
      'g',
      null,
      label,
      h('rect', {
        x: px(x0),
        y: px(y + 17),
        width: px(Math.max(Math.abs(end - zero), 1)),
        height: 16,
        class: `bar-${b.tone}`,
      }),
      h(
        'text',
        {
          x: px(neg ? x0 - 4 : Math.max(end, zero) + 4),
          y: px(y + 29),
          'text-anchor': neg ? 'end' : 'start',
          class: 'chart-value',
        },
        b.text,
      ),
    );
  });
  const axis = h('line', { x1: px(zero), x2: px(zero), y1: PAD, y2: px(height - PAD), class: 'chart-axis' });
  return frame(id, title, desc, height, [axis, rows]);
}

export interface BarGroup {
  label: string;
  values: readonly (number | null)[];
  texts: readonly string[];
}

/** Vertical bars in groups (one per label), one bar per series, from zero up; with a legend. */
export function groupedBars(
  id: string,
  title: string,
  desc: string,
  series: readonly { label: string; tone: 'before' | 'after' }[],
  groups: readonly BarGroup[],
): Html {
  const H = 240;
  const TOP = 34;
  const BOTTOM = 26;
  const max = Math.max(0, ...groups.flatMap((g) => g.values.flatMap((v) => (v === null ? [] : [v])))) || 1;
  const plot = H - TOP - BOTTOM;
  const groupW = (W - 2 * PAD) / Math.max(groups.length, 1);
  const barW = Math.min(56, (groupW - 24) / Math.max(series.length, 1));
  const legend = series.map((s, i) =>
    h(
      'g',
      null,
      h('rect', { x: PAD + i * 260, y: 6, width: 14, height: 14, class: `bar-${s.tone}` }),
      h('text', { x: PAD + i * 260 + 20, y: 18, class: 'chart-label' }, s.label),
    ),
  );
  const bars = groups.map((g, gi) => {
    const gx = PAD + gi * groupW + (groupW - barW * series.length) / 2;
    return h(
      'g',
      null,
      series.map((s, si) => {
        const v = g.values[si] ?? null;
        const bh = v === null ? 0 : (Math.max(v, 0) / max) * plot;
        const bx = gx + si * barW;
        return [
          v === null
            ? null
            : h('rect', {
                x: px(bx + 2),
                y: px(TOP + plot - bh),
                width: px(barW - 4),
                height: px(Math.max(bh, 1)),
                class: `bar-${s.tone}`,
              }),
          h(
            'text',
            {
              x: px(bx + barW / 2),
              y: px(TOP + plot - bh - 4),
              'text-anchor': 'middle',
              class: 'chart-value',
            },
            g.texts[si] ?? '',
          ),
        ];
      }),
      h(
        'text',
        { x: px(gx + (barW * series.length) / 2), y: H - 8, 'text-anchor': 'middle', class: 'chart-label' },
        g.label,
      ),
    );
  });
  const axis = h('line', { x1: PAD, x2: W - PAD, y1: TOP + plot, y2: TOP + plot, class: 'chart-axis' });
  return frame(id, title, desc, H, [legend, axis, bars]);
}
