/**
 * The traceability matrix (protocol section 10): upstream inputs, every input artifact and the
 * generated outputs, against the four gates and the downstream protocols 19, 21 and 22. A cell
 * names the criteria that read the artifact, or the protocol's transformation step / hand-off.
 */
import { ARTIFACTS, GENERATED_FILES, UPSTREAM } from '../artifacts.ts';
import type { EvalContext } from './context.ts';
import { CRITERIA } from './registry.ts';
import type { TraceRow, Traceability } from './types.ts';
import { EVIDENCE_MANIFEST } from '../artifacts.ts';

/** The matrix columns: the four gates, then the downstream protocols of section 5.2. */
export const TRACE_COLUMNS = [
  'gate-1',
  'gate-2',
  'gate-3',
  'gate-4',
  'protocol-19',
  'protocol-21',
  'protocol-22',
] as const;
type Column = (typeof TRACE_COLUMNS)[number];
type Cells = Partial<Record<Column, string[]>>;

const STEP = {
  1: 'step 1: intake sources aggregated into performance-intake-report.json and baseline-metrics.csv',
  2: 'step 2: diagnostics produce profiling-report.md, load-test-results.json and capacity-analysis.md',
  3: 'step 3: optimization generates optimization-plan.json and optimization-validation-report.json',
  4: 'step 4: governance compiles PERFORMANCE-REPORT.md, updates slo-update-record.json, refreshes evidence-manifest.json',
};
const OUTPUT_TO = (p: number) => `output to protocol ${p} (section 5.2)`;

const UPSTREAM_ROWS: { path: string; cells: Cells }[] = [
  {
    path: '../protocol-15/DEPLOYMENT-REPORT.md',
    cells: { 'gate-3': ['input: deployment context for regression analysis'] },
  },
  {
    path: '../protocol-16/MONITORING-PACKAGE.zip',
    cells: { 'gate-1': ['input: monitoring package feeding telemetry coverage', STEP[1]] },
  },
  {
    path: '../protocol-16/OBSERVABILITY-BASELINE.md',
    cells: { 'gate-1': ['input: monitoring dashboards feeding telemetry coverage', STEP[1]] },
  },
  {
    path: '../protocol-17/INCIDENT-REPORT.md',
    cells: { 'gate-1': ['input: incident learnings influencing hypotheses'] },
  },
];

/** Steps and hand-offs of input artifacts beyond the criteria that read them. */
const INPUT_EXTRA: Record<string, Cells> = {
  'performance-intake-report': { 'gate-1': [STEP[1]] },
  'baseline-metrics': { 'gate-1': [STEP[1]] },
  'profiling-report': { 'gate-2': [STEP[2]], 'protocol-21': [OUTPUT_TO(21)] },
  'load-test-results': { 'gate-2': [STEP[2]] },
  'capacity-analysis': { 'gate-2': [STEP[2]] },
  'optimization-plan': { 'gate-3': [STEP[3]], 'protocol-21': [OUTPUT_TO(21)] },
  'optimization-validation-report': { 'gate-3': [STEP[3]] },
  'instrumentation-update-log': { 'gate-3': ['evidence link of gate 3'], 'protocol-19': [OUTPUT_TO(19)] },
  'slo-update-record': { 'gate-4': [STEP[4]], 'protocol-19': [OUTPUT_TO(19)] },
  'continuous-improvement-notes': {
    'gate-4': ['evidence link of gate 4: improvement backlog'],
    'protocol-22': [OUTPUT_TO(22)],
  },
  'gate-waivers': { 'gate-1': ['waivers'], 'gate-2': ['waivers'], 'gate-4': ['waivers'] },
};

const GENERATED_CELLS: Record<string, Cells> = {
  'validation-report.json': {
    'gate-1': ['gate outcomes'],
    'gate-2': ['gate outcomes'],
    'gate-3': ['gate outcomes'],
    'gate-4': ['gate outcomes'],
  },
  'gate-config.json': {
    'gate-1': ['thresholds decided with'],
    'gate-2': ['thresholds decided with'],
    'gate-3': ['thresholds decided with'],
    'gate-4': ['thresholds decided with'],
  },
  'PERFORMANCE-REPORT.md': { 'gate-4': [STEP[4]], 'protocol-22': [OUTPUT_TO(22)] },
  'performance-report-manifest.json': { 'gate-4': ['report attachments and distribution'] },
  'report.html': { 'gate-4': ['the report rendered for reading offline'] },
  [EVIDENCE_MANIFEST]: { 'gate-4': [STEP[4], 'SHA-256 of every evidence file'] },
  'performance-evidence-bundle.zip': { 'gate-4': ['archived evidence package'] },
};

function row(artifact: string, role: TraceRow['role'], present: boolean, ...parts: Cells[]): TraceRow {
  const cells: Record<string, string[]> = {};
  for (const c of TRACE_COLUMNS) cells[c] = [...new Set(parts.flatMap((p) => p[c] ?? []))];
  return { artifact, role, present, cells };
}

/** Builds the matrix; criteria that do not apply (significance unconfigured) are left out. */
export function buildTraceability(ctx: EvalContext): Traceability {
  const upstream = new Set(ctx.input.upstream);
  const generated = new Set(ctx.input.generated);
  const active = CRITERIA.filter((c) => !c.applies || c.applies(ctx.config));
  const rows: TraceRow[] = UPSTREAM_ROWS.map((u) => {
    const r = row(u.path, 'upstream', upstream.has(u.path), u.cells);
    if (!r.present) {
      // The protocol accepts any one of its files (MONITORING-PACKAGE.zip or OBSERVABILITY-BASELINE.md).
      const [, protocol, name] = /^\.\.\/protocol-(\d+)\/(.+)$/.exec(u.path) ?? [];
      const spec = UPSTREAM.find((s) => String(s.protocol) === protocol && s.files.includes(name ?? ''));
      const other = spec?.files.map((f) => `../protocol-${protocol}/${f}`).find((p) => upstream.has(p));
      if (other) r.alternative = other;
    }
    return r;
  });
  for (const a of ARTIFACTS) {
    const read: Cells = {};
    for (const c of active)
      if (c.reads.includes(a.name)) (read[`gate-${c.gate}` as Column] ??= []).push(c.id);
    rows.push(row(a.path, 'input', ctx.present.has(a.name), read, INPUT_EXTRA[a.name] ?? {}));
  }
  for (const g of GENERATED_FILES) rows.push(row(g, 'generated', generated.has(g), GENERATED_CELLS[g] ?? {}));
  return { columns: [...TRACE_COLUMNS], rows };
}
