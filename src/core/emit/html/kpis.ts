/**
 * KPIs before and after, as the site's cycle page shows them: a chart of the improvements and the
 * table, each value with where it came from (runs, the baseline row, typed), linked to its evidence
 * in the bundle, and the 95 % interval where referenced runs give one.
 */
import type { KpiDelta, ValueSource } from '../../evaluate/types.ts';
import { formatImprovement, formatP, plain, round12 } from '../../format/index.ts';
import { horizontalBars } from './charts.ts';
import { h, join, type Html } from './h.ts';
import { badge, col, fileLink, none, tableBox, value, type OfflineModel } from './model.ts';
import { runFile } from './paths.ts';
import { kpiUnit } from './words.ts';

const name = (d: KpiDelta) => `${d.service} ${d.kpi}${d.endpoint ? ` (${d.endpoint})` : ''}`;
const num = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : plain(x);
const pctOf = (x: number) => `${round12(x * 100)} %`;

/** Where a value came from, compact and linked (the full sentence is its title). */
function source(m: OfflineModel, s: ValueSource): Html {
  const link = (file: string | undefined, label: string) => {
    const path = runFile(m, file);
    return path ? fileLink(m, path, label) : h('code', null, label);
  };
  const items: Html[] = [];
  if (s.kind === 'runs') {
    items.push(h('span', null, s.runs.length === 1 ? 'run' : `median of ${s.runs.length} runs:`));
    for (const r of s.runs)
      items.push(
        h(
          'span',
          { class: 'source-item' },
          link(r.source_file, r.id),
          s.runs.length > 1 ? ` ${num(r.value)}` : '',
        ),
      );
  } else if (s.kind === 'baseline') {
    items.push(
      h(
        'span',
        { class: 'source-item' },
        fileLink(m, 'baseline-metrics.csv', 'baseline-metrics.csv'),
        ` row ${s.row}${s.endpoint !== null ? ` (${s.endpoint})` : ''}`,
      ),
    );
  } else {
    const state = s.check.state;
    if (state === 'none') items.push(h('strong', { class: 'typed-none' }, 'typed, no evidence'));
    else if (state === 'disagrees') items.push(h('strong', { class: 'delta-bad' }, 'typed, contradicted by'));
    else items.push(h('span', null, 'typed, checked against'));
    for (const e of s.check.evidence.slice(0, 3))
      items.push(
        h(
          'span',
          { class: 'source-item' },
          e.kind === 'run'
            ? link(e.source_file, e.id)
            : fileLink(m, 'baseline-metrics.csv', `baseline row ${e.id}`),
          ` ${num(e.value)}`,
        ),
      );
    if (s.n !== null || s.stdev !== null)
      items.push(
        h('span', { class: 'source-item' }, `(n ${s.n ?? '—'}, stdev ${num(s.stdev)}: shown, never tested)`),
      );
  }
  return h('span', { class: 'sub value-source', 'data-source': s.kind, title: s.text }, join(items, ' '));
}

function interval(d: KpiDelta): Html {
  if (!d.stats)
    return h(
      'span',
      { class: 'sub' },
      '—',
      h('span', { class: 'sr-only' }, ' no interval: fewer than two referenced runs per side'),
    );
  return h(
    'span',
    null,
    value(d.stats.ci95[0], formatImprovement(d.stats.ci95[0])),
    ' to ',
    value(d.stats.ci95[1], formatImprovement(d.stats.ci95[1])),
    h('span', { class: 'sub' }, `${d.stats.n_before} + ${d.stats.n_after} runs, p = ${formatP(d.stats.p)}`),
  );
}

function notes(d: KpiDelta): Html {
  const s = d.stats;
  return h(
    'td',
    { class: 'small', 'data-label': 'Notes' },
    d.regression
      ? badge(
          'fail',
          `regression (tolerance ${num(d.tolerance_pct)} %): ${d.confirmed ? 'confirmed' : 'not confirmed: more runs would decide'}`,
        )
      : null,
    d.exception
      ? h('span', null, `Signed exception by ${d.exception.approved_by}: ${d.exception.mitigation}`)
      : null,
    s
      ? h(
          'span',
          { class: 'sub' },
          `Smallest detectable change ${formatImprovement(s.mde).replace('+', '')}: ${
            s.detect.detectable
              ? `the runs can tell a ${pctOf(s.detect.change)} change from noise`
              : `the runs cannot tell a ${pctOf(s.detect.change)} change from noise${s.detect.runs_per_side !== null ? `; about ${s.detect.runs_per_side} runs per side would` : ''}`
          }.`,
        )
      : null,
  );
}

function row(m: OfflineModel, d: KpiDelta, i: number): Html {
  const unit = kpiUnit(d.kpi);
  const cls = d.regression ? 'delta-bad' : (d.improvement ?? 0) > 0 ? 'delta-good' : undefined;
  return h(
    'tr',
    { id: `kpi-${i}`, 'data-kpi': `${d.role}:${d.service}:${d.kpi}${d.endpoint ? `:${d.endpoint}` : ''}` },
    h(
      'th',
      { scope: 'row' },
      `${d.service} · `,
      h('code', null, d.kpi),
      d.endpoint ? h('span', { class: 'sub' }, d.endpoint) : null,
      d.task ? h('span', { class: 'sub' }, `task ${d.task}`) : null,
    ),
    h('td', { 'data-label': 'Role' }, d.role),
    h(
      'td',
      { class: 'num', 'data-label': 'Before' },
      value(d.before, `${num(d.before)} ${unit}`),
      source(m, d.sources.before),
    ),
    h(
      'td',
      { class: 'num', 'data-label': 'After' },
      value(d.after, `${num(d.after)} ${unit}`),
      source(m, d.sources.after),
    ),
    h(
      'td',
      { class: 'num', 'data-label': 'Improvement' },
      value(d.improvement, formatImprovement(d.improvement), cls),
    ),
    h('td', { class: 'num', 'data-label': '95 % interval' }, interval(d)),
    notes(d),
  );
}

/** The KPI section: the improvement chart and the before/after table with sources and intervals. */
export function kpiSection(m: OfflineModel): Html {
  const deltas = m.evaluation.deltas.kpis;
  const head = h('h2', { id: 'kpis' }, 'KPIs before and after');
  if (deltas.length === 0)
    return h('section', null, head, none('No KPI has both a before and an after value yet.'));
  const best = [...deltas].sort((a, b) => (b.improvement ?? -Infinity) - (a.improvement ?? -Infinity))[0]!;
  const regressions = deltas.filter((d) => d.regression);
  const summary = `Largest improvement: ${name(best)}, ${formatImprovement(best.improvement)}. ${
    regressions.length === 0
      ? 'No regression beyond tolerance.'
      : `Regressions beyond tolerance: ${regressions.map(name).join(', ')}.`
  }`;
  const chart = horizontalBars(
    'chart-kpi',
    'Improvement by KPI (positive is better)',
    summary,
    deltas.map((d) => ({
      label: name(d),
      value: d.improvement === null ? null : round12(d.improvement * 100),
      text: d.improvement === null ? 'not computable' : formatImprovement(d.improvement),
      tone: d.regression ? 'fail' : 'after',
    })),
  );
  return h(
    'section',
    null,
    head,
    h(
      'figure',
      { class: 'chart' },
      chart,
      h('figcaption', null, h('strong', null, 'Improvement by KPI (positive is better).'), ' ', summary),
    ),
    tableBox(
      'kpi-table',
      [
        'KPI before and after ',
        h(
          'span',
          { class: 'sub' },
          'Improvement is direction-aware: positive means better. Each value says where it came from; several referenced runs give their median and a 95 % interval (Welch on the runs’ logarithms).',
        ),
      ],
      [
        col('Service · KPI'),
        col('Role'),
        col('Before', true),
        col('After', true),
        col('Improvement', true),
        col('95 % interval', true),
        col('Notes'),
      ],
      deltas.map((d, i) => row(m, d, i)),
      'stack',
    ),
  );
}
