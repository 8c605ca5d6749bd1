/**
 * Templates of `perfgate init`: every required artifact, with `<placeholder>` values that fail
 * validation (with a pointer to them) until they are filled in. JSON files name their schema.
 */
import { schemaIdOf, type ArtifactName } from '../core/artifacts.ts';

const json = (name: ArtifactName, body: Record<string, unknown>): string =>
  JSON.stringify({ $schema: schemaIdOf(name), ...body }, null, 2) + '\n';

const measurement = { value: '<number>', n: '<integer, optional>', stdev: '<number, optional>' };

export const INIT_TEMPLATES: Record<string, string> = {
  'performance-intake-report.json': json('performance-intake-report', {
    cycle_id: '<cycle-id>',
    title: '<text>',
    generated_at: '<date-time>',
    period: { start: '<date-time>', end: '<date-time>' },
    services: [{ name: '<service>', critical: true, prioritized: true, owner: '<name>' }],
    telemetry_sources: [
      { name: '<text>', kind: 'apm', services: ['<service>'] },
      { name: '<text>', kind: 'logging', services: ['<service>'] },
      { name: '<text>', kind: 'tracing', services: ['<service>'] },
    ],
    pain_points: [{ service: '<service>', symptom: '<text>' }],
    business_impact: '<text>',
  }),
  'baseline-metrics.csv':
    '# Method: <text>\nservice,endpoint,environment,collected_at,source,latency_p50_ms,latency_p95_ms,latency_p99_ms,throughput_rps,error_rate_pct,cpu_util_pct\n<service>,<text>,<text>,<date-time>,<text>,<number>,<number>,<number>,<number>,<number>,<number>\n',
  'hypothesis-log.md':
    '# Hypothesis log\n\n## H-1: <text>\n\n- **Owner:** <name>\n- **Risk:** <risk: low|medium|high|critical>\n- **Validation:** <text>\n- **Service:** <service>\n- **Status:** open\n\n## H-2: <text>\n\n- **Owner:** <name>\n- **Risk:** <risk: low|medium|high|critical>\n- **Validation:** <text>\n\n## H-3: <text>\n\n- **Owner:** <name>\n- **Risk:** <risk: low|medium|high|critical>\n- **Validation:** <text>\n',
  'profiling-report.md':
    '# Profiling report\n\n## <service>\n\n- Profiler: <text>\n- Window: <text>\n- Hot path: <text>\n\n![flame graph](diagnostics/<service>-cpu.svg)\n',
  'load-test-results.json': json('load-test-results', {
    tool: '<text>',
    environment: '<text>',
    runs: [
      {
        id: '<run-id>',
        service: '<service>',
        scenario: '<text>',
        phase: 'baseline',
        kind: 'load',
        started_at: '<date-time>',
        duration_s: '<number>',
        peak_concurrency: '<integer>',
        requests: '<integer>',
        throughput_rps: '<number>',
        latency_ms: { p50: '<number>', p90: '<number>', p95: '<number>', p99: '<number>', max: '<number>' },
        error_rate_pct: '<number>',
      },
    ],
  }),
  'capacity-analysis.md':
    '# Capacity analysis\n\n## <service>\n\n- CPU p95: <text>\n- Scaling policy: <text>\n- Cost impact: <text>\n',
  'optimization-plan.json': json('optimization-plan', {
    tasks: [
      {
        id: 'OPT-1',
        title: '<text>',
        service: '<service>',
        hypothesis: 'H-1',
        owner: '<name>',
        risk: '<risk: low|medium|high>',
        kpi: '<kpi>',
        expected_gain_pct: '<number>',
        status: 'planned',
      },
    ],
  }),
  'optimization-validation-report.json': json('optimization-validation-report', {
    validated_at: '<date-time>',
    environment: '<text>',
    targets: [{ service: '<service>', kpi: '<kpi>', task: 'OPT-1', before: measurement, after: measurement }],
    monitored: [{ service: '<service>', kpi: '<kpi>', before: '<number>', after: '<number>' }],
  }),
  'instrumentation-update-log.md':
    '# Instrumentation update log\n\n- Dashboard update: <text>\n- Alert: <text>\n',
  'slo-update-record.json': json('slo-update-record', {
    slos: [
      {
        service: '<service>',
        sli: '<kpi>',
        objective_before: '<number>',
        objective_after: '<number>',
        window: '<text>',
      },
    ],
    approval: {
      status: 'pending',
      approvals: [{ name: '<name>', role: '<text>', signed_at: '<date-time>' }],
    },
  }),
  'reviewer-signoff.json': json('reviewer-signoff', {
    reviews: [
      {
        reviewer: '<name>',
        role: 'Product Owner',
        decision: 'approved',
        rationale: '<text>',
        signed_at: '<date-time>',
      },
      {
        reviewer: '<name>',
        role: 'SRE Lead',
        decision: 'approved',
        rationale: '<text>',
        signed_at: '<date-time>',
      },
    ],
  }),
  'continuous-improvement-notes.md':
    '# Continuous improvement notes\n\n- Action: <text>\n  Consumer: <text>\n',
  'governance/distribution-log.json': json('distribution-log', {
    deliveries: [{ group: '<text>', channel: 'email', delivered_at: '<date-time>' }],
  }),
};

/** Placeholder syntax: `<word>` or `<word: choices>` / `<word, note>`. */
export const PLACEHOLDER = /<[a-z][a-z -]*(?:[:,][^<>\n]*)?>/g;
