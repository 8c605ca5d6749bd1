/** Phases 1-2 in the report: baseline KPIs, hypotheses, profiling, load tests and capacity. */
import { cmp } from '../../diagnostics.ts';
import { resolveCycleLink } from '../../validate/rules/index.ts';
import {
  code,
  fileLink,
  heading,
  joined,
  para,
  table,
  tableOr,
  type Block,
  type Cell,
  type Inline,
} from './md.ts';
import { formatImprovement } from '../../format/index.ts';
import { num, type ReportModel } from './model.ts';

const BASELINE_KNOWN = new Set(['service', 'collected_at', 'source', 'endpoint', 'environment', 'method']);

export function baselineSection(m: ReportModel): Block[] {
  const b = m.input.artifacts['baseline-metrics'];
  const out: Block[] = [heading(2, 'Baseline')];
  if (!b) return [...out, para('No valid baseline-metrics.csv.')];
  if (b.method) out.push(para(`Collection methodology (from the CSV): ${b.method}`));
  const kpis = b.columns.filter((c) => !BASELINE_KNOWN.has(c));
  const services = [...new Set(b.rows.map((r) => r.service))].sort(cmp);
  for (const service of services) {
    const rows = b.rows.filter((r) => r.service === service);
    out.push(
      heading(3, code(service)),
      table(
        ['Endpoint', 'Environment', 'Collected at', 'Source', ...kpis],
        rows.map((r) => [
          r.endpoint,
          r.environment,
          r.collected_at,
          r.source,
          ...kpis.map((k) => (typeof r[k] === 'number' ? num(r[k]) : null)),
        ]),
        kpis.map((_, i) => i + 4),
      ),
    );
  }
  return out;
}

export function hypothesesSection(m: ReportModel): Block[] {
  const h = m.input.artifacts['hypothesis-log'];
  return [
    heading(2, 'Hypotheses'),
    tableOr(
      'No valid hypothesis-log.md.',
      ['Id', 'Statement', 'Owner', 'Risk', 'Status', 'Service', 'Validation'],
      (h?.hypotheses ?? []).map((x) => [
        code(x.id),
        x.statement,
        x.owner,
        x.risk,
        x.status ?? 'open',
        x.service ? code(x.service) : null,
        x.validation,
      ]),
    ),
  ];
}

/** Links of a profiling section that are files of the cycle, as links; others as plain text. */
function profilingLinks(m: ReportModel, links: readonly string[]): Inline[] {
  const out: Inline[] = [];
  for (const url of links) {
    const t = resolveCycleLink(url, 'profiling-report.md');
    out.push(t.kind === 'file' && m.files.has(t.path) ? fileLink(t.path) : code(url));
  }
  return out;
}

export function diagnosticsSection(m: ReportModel): Block[] {
  const a = m.input.artifacts;
  const out: Block[] = [heading(2, 'Diagnostics'), heading(3, 'Profiled services')];
  const prof = a['profiling-report'];
  out.push(
    tableOr(
      prof ? 'No service sections in profiling-report.md.' : 'No valid profiling-report.md.',
      ['Service', 'Flame graphs', 'Profiler', 'Window', 'Hot path', 'Other links', 'Code blocks'],
      (prof?.sections ?? []).map((s, i): Cell[] => {
        const graphs = m.input.flameGraphs[i] ?? [];
        const others = s.links.filter((l) => {
          const t = resolveCycleLink(l, 'profiling-report.md');
          return !(t.kind === 'file' && graphs.includes(t.path));
        });
        return [
          code(s.service),
          graphs.length ? joined(graphs.map((g) => fileLink(g))) : 'none attached',
          s.profiler,
          s.window,
          s.hot_path,
          others.length ? joined(profilingLinks(m, others)) : null,
          s.code_blocks,
        ];
      }),
      [6],
    ),
  );
  const lt = a['load-test-results'];
  out.push(heading(3, 'Load tests'));
  if (!lt) return [...out, para('No valid load-test-results.json.'), ...capacity(m)];
  out.push(
    para(`Tool: ${lt.tool}${lt.tool_version ? ` ${lt.tool_version}` : ''}; environment: ${lt.environment}.`),
    table(
      [
        'Run',
        'Service',
        'Scenario',
        'Phase',
        'Kind',
        'Peak concurrency',
        'Throughput (rps)',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'Error rate %',
        'Raw output',
      ],
      lt.runs.map((r): Cell[] => [
        code(r.id),
        code(r.service),
        r.scenario,
        r.phase,
        r.kind,
        num(r.peak_concurrency),
        num(r.throughput_rps),
        r.latency_ms.p50 === undefined ? `not reported by ${r.tool ?? lt.tool}` : num(r.latency_ms.p50),
        r.latency_ms.p95 === undefined ? `not reported by ${r.tool ?? lt.tool}` : num(r.latency_ms.p95),
        r.latency_ms.p99 === undefined ? `not reported by ${r.tool ?? lt.tool}` : num(r.latency_ms.p99),
        num(r.error_rate_pct),
        sourceFile(m, r.source_file),
      ]),
      [5, 6, 7, 8, 9, 10],
    ),
    heading(4, 'Baseline vs after'),
    tableOr(
      'No scenario has both a baseline and an after run.',
      ['Service', 'Scenario', 'Kind', 'Runs', 'Metric', 'Baseline', 'After', 'Improvement'],
      m.evaluation.deltas.load_tests.flatMap((d) =>
        d.metrics.map((x): Cell[] => [
          code(d.service),
          d.scenario,
          d.kind,
          `${d.baseline_run} → ${d.after_run}`,
          x.metric,
          num(x.before),
          num(x.after),
          formatImprovement(x.improvement),
        ]),
      ),
      [5, 6, 7],
    ),
  );
  return [...out, ...capacity(m)];
}

function sourceFile(m: ReportModel, file: string | undefined): Cell {
  if (file === undefined) return null;
  const t = resolveCycleLink(file, '');
  return t.kind === 'file' && m.files.has(t.path) ? fileLink(t.path) : code(file);
}

function capacity(m: ReportModel): Block[] {
  const c = m.input.artifacts['capacity-analysis'];
  const out: Block[] = [heading(3, 'Capacity analysis')];
  if (!c) return [...out, para('No valid capacity-analysis.md.')];
  return [
    ...out,
    tableOr(
      'No service analysed.',
      ['Service', 'Finding', 'Value'],
      c.sections.flatMap((s) =>
        s.entries.length === 0
          ? [[code(s.service), null, null]]
          : s.entries.map((e): Cell[] => [code(s.service), e.key, e.value]),
      ),
    ),
  ];
}
