/** Load tests: baseline vs after percentiles per scenario (chart and table), and every run linked to its raw output. */
import type { LoadTestDelta } from '../../evaluate/types.ts';
import type { RunRow } from '../../history/site-data.ts';
import { formatImprovement, plain } from '../../format/index.ts';
import { groupedBars } from './charts.ts';
import { h, join, type Html } from './h.ts';
import { col, fileLink, none, tableBox, value, type OfflineModel } from './model.ts';
import { runFile } from './paths.ts';
import { kpiUnit } from './words.ts';

const num = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : plain(x);
const PERCENTILE = /^latency_(p\d+)_ms$/;

function runLink(m: OfflineModel, runs: readonly RunRow[], id: string): Html {
  const file = runFile(m, runs.find((r) => r.id === id)?.source_file);
  return file
    ? fileLink(m, file, [h('code', null, id), h('span', { class: 'sr-only' }, ' raw output')])
    : h('code', null, id);
}

function scenario(m: OfflineModel, d: LoadTestDelta, i: number, runs: readonly RunRow[]): Html {
  const lat = d.metrics.filter((x) => PERCENTILE.test(x.metric));
  const p99 = d.metrics.find((x) => x.metric === 'latency_p99_ms');
  const title = `${d.service} ${d.scenario}: latency percentiles, baseline vs after`;
  const summary = `Runs ${d.baseline_run} (baseline) and ${d.after_run} (after).${
    p99
      ? ` p99 went from ${num(p99.before)} to ${num(p99.after)} ms (${formatImprovement(p99.improvement)}).`
      : ''
  }`;
  return h(
    'section',
    { 'aria-labelledby': `lt-${i}` },
    h('h3', { id: `lt-${i}` }, `${d.service} · ${d.scenario} (${d.kind})`),
    lat.length > 0
      ? h(
          'figure',
          { class: 'chart' },
          groupedBars(
            `chart-load-${i}`,
            title,
            summary,
            [
              { label: `Baseline (${d.baseline_run})`, tone: 'before' },
              { label: `After (${d.after_run})`, tone: 'after' },
            ],
            lat.map((x) => ({
              label: PERCENTILE.exec(x.metric)?.[1] ?? x.metric,
              values: [x.before, x.after],
              texts: [`${num(x.before)} ms`, `${num(x.after)} ms`],
            })),
          ),
          h('figcaption', null, h('strong', null, `${title}.`), ' ', summary),
        )
      : null,
    tableBox(
      `lt-table-${i}`,
      [
        `${d.service} · ${d.scenario} (${d.kind}): baseline vs after `,
        h(
          'span',
          { class: 'sub' },
          'Runs ',
          join([runLink(m, runs, d.baseline_run), runLink(m, runs, d.after_run)], ' and '),
        ),
      ],
      [col('Metric'), col('Baseline', true), col('After', true), col('Improvement', true)],
      d.metrics.map((x) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, h('code', null, x.metric)),
          h(
            'td',
            { class: 'num', 'data-label': 'Baseline' },
            value(x.before, `${num(x.before)} ${kpiUnit(x.metric)}`),
          ),
          h(
            'td',
            { class: 'num', 'data-label': 'After' },
            value(x.after, `${num(x.after)} ${kpiUnit(x.metric)}`),
          ),
          h(
            'td',
            { class: 'num', 'data-label': 'Improvement' },
            value(x.improvement, formatImprovement(x.improvement)),
          ),
        ),
      ),
      'stack',
    ),
  );
}

function latency(v: number | null, tool: string): Html | string {
  return v === null ? h('span', { class: 'sub' }, `not reported by ${tool}`) : `${num(v)} ms`;
}

function allRuns(m: OfflineModel, lt: { tool: string; environment: string; runs: RunRow[] }): Html {
  return tableBox(
    'runs-table',
    ['All runs ', h('span', { class: 'sub' }, `${lt.tool}, ${lt.environment}`)],
    [
      col('Run'),
      col('Phase · kind'),
      col('Peak conc.', true),
      col('Throughput', true),
      col('p50', true),
      col('p95', true),
      col('p99', true),
      col('Errors', true),
    ],
    lt.runs.map((r) =>
      h(
        'tr',
        null,
        h(
          'th',
          { scope: 'row' },
          runLink(m, lt.runs, r.id),
          h('span', { class: 'sub' }, `${r.service} · ${r.scenario}${r.endpoint ? ` · ${r.endpoint}` : ''}`),
        ),
        h('td', { 'data-label': 'Phase · kind' }, `${r.phase} · ${r.kind}`),
        h('td', { class: 'num', 'data-label': 'Peak conc.' }, num(r.peak_concurrency)),
        h('td', { class: 'num', 'data-label': 'Throughput' }, `${num(r.throughput_rps)} req/s`),
        h('td', { class: 'num', 'data-label': 'p50' }, latency(r.latency_ms.p50, r.tool)),
        h('td', { class: 'num', 'data-label': 'p95' }, latency(r.latency_ms.p95, r.tool)),
        h('td', { class: 'num', 'data-label': 'p99' }, latency(r.latency_ms.p99, r.tool)),
        h('td', { class: 'num', 'data-label': 'Errors' }, `${num(r.error_rate_pct)} %`),
      ),
    ),
    'stack',
  );
}

/** The load-test section: one chart and table per scenario with both phases, then every run. */
export function loadTestSection(m: OfflineModel): Html {
  const deltas = m.evaluation.deltas.load_tests;
  const lt = m.details.load_tests;
  const head = h('h2', { id: 'load-tests' }, 'Load tests');
  if (deltas.length === 0 && !lt) return h('section', null, head, none('No valid load-test results yet.'));
  const runs = lt?.runs ?? [];
  return h(
    'section',
    null,
    head,
    deltas.map((d, i) => scenario(m, d, i, runs)),
    lt ? allRuns(m, lt) : null,
  );
}
