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

function config(spec: ChartSpec): ChartConfiguration {
  const fg = cssVar('fg');
  const muted = cssVar('muted');
  const line = cssVar('line');
  const valueAxis = spec.horizontal ? 'x' : 'y';
  const axis = (value: boolean) => ({
    stacked: spec.stacked === true,
    grid: { color: line, display: value },
    ticks: { color: muted },
    border: { color: line },
    ...(value && spec.unit ? { title: { display: true, text: spec.unit, color: muted } } : {}),
    ...(value && !spec.stacked ? { beginAtZero: spec.type === 'bar' } : {}),
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
          pointRadius: d.dashed ? 2 : spec.labels.length > 24 ? 3 : 4,
          pointStyle: (['circle', 'rect', 'triangle', 'rectRot'] as const)[i % 4],
          spanGaps: true,
        };
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
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
