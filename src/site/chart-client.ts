/**
 * The one chart script: Chart.js with only the controllers, elements and scales the site uses
 * (tree-shaken). Colours come from the stylesheet's custom properties, so charts follow dark mode.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Scale,
} from 'chart.js';
import type { ChartSpec } from './chart-spec.ts';

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

const charts: Chart[] = [];

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim() || '#888';
}

/** Share of the canvas width a category label may take before it is shortened (Chart.js would cut it). */
const LABEL_SHARE = 0.42;

/** `text` shortened with an ellipsis to fit `px` pixels in the canvas's font (the full text is in the table and tooltip). */
export function fitLabel(text: string, px: number, measure: (s: string) => number): string {
  if (measure(text) <= px) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid)}…`) <= px) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo).trimEnd()}…`;
}

function config(spec: ChartSpec): ChartConfiguration {
  const fg = cssVar('fg');
  const muted = cssVar('muted');
  const line = cssVar('line');
  const valueAxis = spec.horizontal ? 'x' : 'y';
  const categoryTicks = {
    color: muted,
    // Every bar of a horizontal chart is labelled (its box is sized for it); time axes skip labels.
    autoSkip: !spec.horizontal,
    autoSkipPadding: 8,
    maxRotation: 45,
    // Long labels (service + KPI + endpoint) beside horizontal bars are shortened, never cut.
    callback(this: Scale, value: number | string) {
      const text = this.getLabelForValue(Number(value));
      if (!spec.horizontal) return text;
      const ctx = this.chart.ctx;
      ctx.save();
      ctx.font = `${Chart.defaults.font.size ?? 12}px ${Chart.defaults.font.family ?? 'sans-serif'}`;
      const fitted = fitLabel(text, this.chart.width * LABEL_SHARE, (s) => ctx.measureText(s).width);
      ctx.restore();
      return fitted;
    },
  };
  const valueTicks = { color: muted, ...(spec.integer ? { precision: 0, stepSize: 1 } : {}) };
  const axis = (value: boolean) => ({
    stacked: spec.stacked === true,
    grid: { color: line, display: value },
    ticks: value ? valueTicks : categoryTicks,
    border: { color: line },
    ...(value && spec.unit ? { title: { display: true, text: spec.unit, color: muted } } : {}),
    ...(value && !spec.stacked ? { beginAtZero: spec.type === 'bar' } : {}),
    // An outlier's bar is drawn clipped at the range (its label names its value): small bars stay visible.
    ...(value && spec.range ? { min: spec.range.min, max: spec.range.max } : {}),
  });
  return {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d, i) => {
        const colour = cssVar(d.tone);
        return {
          label: d.label,
          data: d.data,
          backgroundColor: d.tones ? d.tones.map(cssVar) : colour,
          borderColor: colour,
          borderWidth: spec.type === 'line' ? (d.dashed ? 1.5 : 2) : 0,
          borderRadius: spec.type === 'bar' ? 3 : 0,
          ...(d.dashed ? { borderDash: [6, 4] } : {}),
          pointRadius: d.markers ? 8 : d.dashed ? 2 : spec.labels.length > 24 ? 3 : 4,
          ...(d.markers ? { showLine: false, pointBorderWidth: 2 } : {}),
          pointStyle: (['circle', 'rect', 'triangle', 'rectRot'] as const)[i % 4],
          spanGaps: !d.markers,
        };
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      layout: { padding: { top: 4, right: 12, bottom: 4, left: 4 } },
      color: fg,
      scales: {
        x: axis(valueAxis === 'x'),
        y: axis(valueAxis === 'y'),
      },
      plugins: {
        legend: { display: spec.datasets.length > 1, labels: { color: fg, usePointStyle: true } },
        tooltip: { enabled: true },
      },
    },
  } as ChartConfiguration;
}

function draw(): void {
  while (charts.length) charts.pop()?.destroy();
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')) {
    let spec: ChartSpec;
    try {
      spec = JSON.parse(canvas.dataset.chart ?? '') as ChartSpec;
    } catch {
      continue;
    }
    canvas.parentElement?.removeAttribute('hidden');
    charts.push(new Chart(canvas, config(spec)));
  }
}

let started = false;

/** Draws every chart of the page, and redraws them when the colours change (dark mode, printing). */
export function drawCharts(): void {
  if (started) return;
  started = true;
  draw();
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', draw);
  window.addEventListener('beforeprint', draw);
  window.addEventListener('afterprint', draw);
}
