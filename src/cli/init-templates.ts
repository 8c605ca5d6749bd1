/**
 * Templates of `perfgate init`: every required artifact, with `<fill: what>` placeholders that fail
 * validation (placeholder.unfilled, with a pointer or line) until they are filled in. JSON files
 * name their schema.
 */
import { schemaIdOf, type ArtifactName } from '../core/artifacts.ts';
import { SCAFFOLD_RUN, SCAFFOLD_TOP } from '../core/import/load-test/scaffold.ts';
import { FLAME_GRAPH_PLACEHOLDER } from '../core/import/profile/report-md.ts';
import { defaultConfig } from '../core/validate/index.ts';
import { STARTER_KPIS, STARTER_SOURCES } from './init-starter.ts';

const json = (name: ArtifactName, body: Record<string, unknown>): string =>
  JSON.stringify({ $schema: schemaIdOf(name), ...body }, null, 2) + '\n';

/**
 * The baseline scaffold: a `<fill: number>` cell for each KPI the generated config requires, then
 * the protocol's other KPIs with empty cells (an empty cell is a KPI not measured, never a failure
 * of a KPI that is not required).
 */
function baselineCsv(): string {
  // The protocol's KPIs (perfgate's default list) that the generated config does not require.
  const protocol = defaultConfig().baseline?.required_kpis ?? [];
  const optional = protocol.filter((k) => !STARTER_KPIS.includes(k));
  const header = [
    'service',
    'endpoint',
    'environment',
    'collected_at',
    'source',
    ...STARTER_KPIS,
    ...optional,
  ];
  const row = [
    '<fill: service>',
    '<fill: text>',
    '<fill: text>',
    '<fill: date-time>',
    '<fill: text>',
    ...STARTER_KPIS.map(() => '<fill: number>'),
    ...optional.map(() => ''),
  ];
  return `# Method: <fill: text>\n${header.join(',')}\n${row.join(',')}\n`;
}

const measurement = {
  value: '<fill: number>',
  n: '<fill: integer, optional>',
  stdev: '<fill: number, optional>',
};

export const INIT_TEMPLATES: Record<string, string> = {
  'performance-intake-report.json': json('performance-intake-report', {
    cycle_id: '<fill: cycle-id>',
    title: '<fill: text>',
    generated_at: '<fill: date-time>',
    period: { start: '<fill: date-time>', end: '<fill: date-time>' },
    services: [{ name: '<fill: service>', critical: true, prioritized: true, owner: '<fill: name>' }],
    telemetry_sources: STARTER_SOURCES.map((kind) => ({
      name: '<fill: text>',
      kind,
      services: ['<fill: service>'],
    })),
    pain_points: [{ service: '<fill: service>', symptom: '<fill: text>' }],
    business_impact: '<fill: text>',
  }),
  'baseline-metrics.csv': baselineCsv(),
  'hypothesis-log.md':
    '# Hypothesis log\n\n## H-1: <fill: text>\n\n- **Owner:** <fill: name>\n- **Risk:** <fill: risk low|medium|high|critical>\n- **Validation:** <fill: text>\n- **Service:** <fill: service>\n- **Status:** open\n\n## H-2: <fill: text>\n\n- **Owner:** <fill: name>\n- **Risk:** <fill: risk low|medium|high|critical>\n- **Validation:** <fill: text>\n\n## H-3: <fill: text>\n\n- **Owner:** <fill: name>\n- **Risk:** <fill: risk low|medium|high|critical>\n- **Validation:** <fill: text>\n',
  'profiling-report.md': `# Profiling report\n\n## <fill: service>\n\n- Profiler: <fill: text>\n- Window: <fill: text>\n- Hot path: <fill: text>\n${FLAME_GRAPH_PLACEHOLDER}\n`,
  'load-test-results.json': json('load-test-results', { ...SCAFFOLD_TOP, runs: [SCAFFOLD_RUN] }),
  'capacity-analysis.md':
    '# Capacity analysis\n\n## <fill: service>\n\n- CPU p95: <fill: text>\n- Scaling policy: <fill: text>\n- Cost impact: <fill: text>\n',
  'optimization-plan.json': json('optimization-plan', {
    tasks: [
      {
        id: 'OPT-1',
        title: '<fill: text>',
        service: '<fill: service>',
        hypothesis: 'H-1',
        owner: '<fill: name>',
        risk: '<fill: risk low|medium|high>',
        kpi: '<fill: kpi>',
        expected_gain_pct: '<fill: number>',
        status: 'planned',
      },
    ],
  }),
  'optimization-validation-report.json': json('optimization-validation-report', {
    validated_at: '<fill: date-time>',
    environment: '<fill: text>',
    targets: [
      {
        service: '<fill: service>',
        kpi: '<fill: kpi>',
        task: 'OPT-1',
        before: measurement,
        after: measurement,
      },
    ],
    monitored: [
      { service: '<fill: service>', kpi: '<fill: kpi>', before: '<fill: number>', after: '<fill: number>' },
    ],
  }),
  'instrumentation-update-log.md':
    '# Instrumentation update log\n\n- Dashboard update: <fill: text>\n- Alert: <fill: text>\n',
  'slo-update-record.json': json('slo-update-record', {
    slos: [
      {
        service: '<fill: service>',
        sli: '<fill: kpi>',
        objective_before: '<fill: number>',
        objective_after: '<fill: number>',
        window: '<fill: text>',
      },
    ],
    approval: {
      status: 'pending',
      approvals: [{ name: '<fill: name>', role: '<fill: text>', signed_at: '<fill: date-time>' }],
    },
  }),
  'reviewer-signoff.json': json('reviewer-signoff', {
    reviews: [
      {
        reviewer: '<fill: name>',
        role: 'Product Owner',
        decision: 'approved',
        rationale: '<fill: text>',
        signed_at: '<fill: date-time>',
      },
      {
        reviewer: '<fill: name>',
        role: 'SRE Lead',
        decision: 'approved',
        rationale: '<fill: text>',
        signed_at: '<fill: date-time>',
      },
    ],
  }),
  'continuous-improvement-notes.md':
    '# Continuous improvement notes\n\n- Action: <fill: text>\n  Consumer: <fill: text>\n',
  'governance/distribution-log.json': json('distribution-log', {
    deliveries: [{ group: '<fill: text>', channel: 'email', delivered_at: '<fill: date-time>' }],
  }),
};

/** The placeholder form the templates use (and validation refuses). */
export { PLACEHOLDER } from '../core/validate/placeholders.ts';
