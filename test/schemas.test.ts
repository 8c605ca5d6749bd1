/** The JSON Schemas of schemas/: strict, documented, accepting the contract's examples and rejecting its errors. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = path.join(root, 'schemas');

type Schema = Record<string, unknown>;

const files = readdirSync(schemaDir)
  .filter((f) => f.endsWith('.schema.json'))
  .sort();
const schemas = new Map<string, Schema>(
  files.map((f) => [
    f.replace(/\.schema\.json$/, ''),
    JSON.parse(readFileSync(path.join(schemaDir, f), 'utf8')) as Schema,
  ]),
);

function ajv(options: { useDefaults?: boolean } = {}) {
  const instance = new Ajv2020({ strict: true, allErrors: true, ...options });
  addFormats(instance);
  return instance;
}

function validator(name: string, options: { useDefaults?: boolean } = {}) {
  const schema = schemas.get(name);
  if (!schema) throw new Error(`no schema ${name}`);
  return ajv(options).compile(schema);
}

const clone = <T>(value: T): T => structuredClone(value);

/** Sets (or, with `undefined`, deletes) the value at a JSON pointer of existing containers. */
function patch(data: unknown, pointer: string, value: unknown): void {
  const keys = pointer.split('/').slice(1);
  const last = keys.pop()!;
  const parent = keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], data) as Record<
    string,
    unknown
  >;
  if (parent === null || typeof parent !== 'object') throw new Error(`no container at ${pointer}`);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

/** Every subschema of `node` with the path that leads to it (2020-12 applicators only). */
function* subschemas(node: unknown, at: string): Generator<[string, Schema]> {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  const schema = node as Schema;
  yield [at, schema];
  for (const key of [
    'items',
    'additionalProperties',
    'propertyNames',
    'contains',
    'not',
    'if',
    'then',
    'else',
  ]) {
    if (key in schema) yield* subschemas(schema[key], `${at}/${key}`);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const [i, s] of list.entries()) yield* subschemas(s, `${at}/${key}/${i}`);
  }
  for (const key of ['properties', 'patternProperties', '$defs']) {
    const map = schema[key] as Record<string, unknown> | undefined;
    if (map) for (const [k, s] of Object.entries(map)) yield* subschemas(s, `${at}/${key}/${k}`);
  }
}

const JSON_ARTIFACTS = [
  'performance-intake-report',
  'load-test-results',
  'optimization-plan',
  'optimization-validation-report',
  'slo-update-record',
  'reviewer-signoff',
  'distribution-log',
  'gate-waivers',
  'gates-config',
];

describe('schema files', () => {
  it('covers the fourteen input artifacts and the config', () => {
    expect([...schemas.keys()]).toEqual([
      'baseline-metrics',
      'capacity-analysis',
      'continuous-improvement-notes',
      'distribution-log',
      'gate-waivers',
      'gates-config',
      'hypothesis-log',
      'instrumentation-update-log',
      'load-test-results',
      'openslo-slo',
      'optimization-plan',
      'optimization-validation-report',
      'performance-intake-report',
      'profiling-report',
      'reviewer-signoff',
      'slo-update-record',
    ]);
  });

  it.each(files)('%s compiles in ajv strict mode, with and without useDefaults', (file) => {
    const schema = schemas.get(file.replace(/\.schema\.json$/, ''));
    expect(() => ajv().compile(schema!)).not.toThrow();
    expect(() => ajv({ useDefaults: true }).compile(schema!)).not.toThrow();
  });

  it('each has a 2020-12 $schema, an $id matching its file name and a unique type-name title', () => {
    const ids = new Set<string>();
    const titles = new Set<string>();
    for (const file of files) {
      const schema = schemas.get(file.replace(/\.schema\.json$/, ''))!;
      expect(schema.$schema, file).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id, file).toBe(`https://perfgate.dev/schemas/protocol-18/${file}`);
      expect(schema.title, file).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      ids.add(schema.$id as string);
      titles.add(schema.title as string);
    }
    expect(ids.size).toBe(files.length);
    expect(titles.size).toBe(files.length);
  });

  it('has no cross-file $ref', () => {
    for (const [name, schema] of schemas) {
      for (const [at, s] of subschemas(schema, '#')) {
        if ('$ref' in s) expect(s.$ref, `${name} ${at}`).toMatch(/^#\/\$defs\//);
      }
    }
  });

  it('describes every property, pattern property, map value and definition at every level', () => {
    const missing: string[] = [];
    for (const [name, schema] of schemas) {
      if (typeof schema.description !== 'string') missing.push(`${name} #`);
      for (const [at, s] of subschemas(schema, '#')) {
        const children: [string, unknown][] = [];
        for (const key of ['properties', 'patternProperties', '$defs']) {
          const map = s[key] as Record<string, unknown> | undefined;
          if (map)
            children.push(
              ...Object.entries(map).map(([k, v]): [string, unknown] => [`${at}/${key}/${k}`, v]),
            );
        }
        if (typeof s.additionalProperties === 'object')
          children.push([`${at}/additionalProperties`, s.additionalProperties]);
        for (const [where, child] of children) {
          const description = (child as Schema).description;
          if (typeof description !== 'string' || description.trim() === '') missing.push(`${name} ${where}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('lets every JSON artifact name its schema in "$schema"', () => {
    for (const name of JSON_ARTIFACTS) {
      const properties = schemas.get(name)!.properties as Record<string, Schema>;
      expect(properties.$schema?.type, name).toBe('string');
    }
  });
});

const at = '2026-11-02T09:30:00Z';

/** A small valid instance of each schema. */
const valid: Record<string, unknown> = {
  'performance-intake-report': {
    $schema: 'https://perfgate.dev/schemas/protocol-18/performance-intake-report.schema.json',
    cycle_id: '2026-q4-checkout',
    title: 'Checkout latency, Q4 2026',
    generated_at: '2026-11-02T09:30:00+01:00',
    period: { start: '2026-10-01T00:00:00Z', end: '2026-10-31T23:59:59Z' },
    services: [
      { name: 'checkout-api', critical: true, owner: 'Payments', tier: 'tier-1' },
      { name: 'search', critical: false, prioritized: false, tier: 2 },
    ],
    telemetry_sources: [
      { name: 'Datadog APM', kind: 'apm', services: ['checkout-api'], url: 'https://app.datadoghq.com/apm' },
    ],
    pain_points: [{ service: 'checkout-api', symptom: 'p95 above 800 ms at peak' }],
    business_impact: 'Cart abandonment up **3 %**.',
    x_team_note: 'unknown fields are kept for forward compatibility',
  },
  'baseline-metrics': {
    method: 'p95 over 7 days from Datadog',
    columns: ['service', 'collected_at', 'source', 'endpoint', 'latency_p95_ms', 'cpu_util_pct'],
    rows: [
      {
        service: 'checkout-api',
        collected_at: at,
        source: 'datadog',
        endpoint: 'POST /checkout',
        latency_p95_ms: 812,
        cpu_util_pct: null,
      },
    ],
  },
  'hypothesis-log': {
    hypotheses: [
      {
        id: 'H-1',
        statement: 'Cache misses load the DB',
        owner: 'Ana',
        risk: 'high',
        validation: 'Profile checkout',
        line: 3,
      },
      {
        id: 'H-12',
        statement: 'GC pauses',
        owner: 'Bo',
        risk: 'low',
        validation: 'GC logs',
        service: 'search',
        status: 'rejected',
      },
    ],
  },
  'profiling-report': {
    sections: [
      {
        service: 'checkout-api',
        links: ['diagnostics/checkout.svg'],
        profiler: 'async-profiler',
        code_blocks: 1,
      },
      { service: 'search', links: [], code_blocks: 0 },
    ],
  },
  'load-test-results': {
    $schema: 'https://perfgate.dev/schemas/protocol-18/load-test-results.schema.json',
    tool: 'k6',
    tool_version: '0.54.0',
    environment: 'staging',
    runs: [
      {
        id: 'baseline-checkout-load',
        service: 'checkout-api',
        scenario: 'checkout-peak',
        phase: 'baseline',
        kind: 'load',
        started_at: at,
        duration_s: 600,
        peak_concurrency: 200,
        requests: 120000,
        throughput_rps: 200,
        latency_ms: { p50: 120, p90: 400, p95: 812, p99: 1500, max: 4000 },
        error_rate_pct: 0.4,
        errors: { http_503: 480 },
        source_file: 'diagnostics/k6-baseline.json',
      },
    ],
  },
  'capacity-analysis': {
    sections: [{ service: 'checkout-api', entries: [{ key: 'CPU p95', value: '82%' }] }],
  },
  'optimization-plan': {
    $schema: 'https://perfgate.dev/schemas/protocol-18/optimization-plan.schema.json',
    tasks: [
      {
        id: 'OPT-1',
        title: 'Cache product lookups',
        service: 'checkout-api',
        hypothesis: 'H-1',
        owner: 'Payments',
        risk: 'medium',
        kpi: 'latency_p95_ms',
        expected_gain_pct: 30,
        status: 'done',
      },
      {
        id: 'OPT-2',
        title: 'Tune pool',
        service: 'checkout-api',
        owner: 'Payments',
        risk: 'low',
        kpi: 'error_rate_pct',
        expected_gain_pct: 10,
        status: 'planned',
        depends_on: ['OPT-1'],
      },
    ],
  },
  'optimization-validation-report': {
    $schema: 'https://perfgate.dev/schemas/protocol-18/optimization-validation-report.schema.json',
    validated_at: at,
    environment: 'staging',
    targets: [
      { service: 'checkout-api', kpi: 'latency_p95_ms', task: 'OPT-1', before: 812, after: 540 },
      {
        service: 'checkout-api',
        kpi: 'throughput_rps',
        before: { value: 200, n: 30, stdev: 12.5 },
        after: { value: 215 },
        exception: { approved_by: 'CTO', approved_at: at, mitigation: 'Scale out instead' },
      },
    ],
    monitored: [
      {
        service: 'search',
        endpoint: 'GET /q',
        kpi: 'error_rate_pct',
        before: 0.2,
        after: 0.21,
        tolerance_pct: 10,
      },
    ],
  },
  'instrumentation-update-log': { title: 'Instrumentation updates', length: 240 },
  'openslo-slo': {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'checkout-latency' },
    spec: {
      service: 'checkout-api',
      indicator: {
        metadata: { name: 'latency' },
        spec: { thresholdMetric: { metricSource: { type: 'Prometheus' } } },
      },
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ op: 'lt', value: 300, target: 0.99 }],
    },
  },
  'slo-update-record': {
    $schema: 'https://perfgate.dev/schemas/protocol-18/slo-update-record.schema.json',
    slos: [
      {
        service: 'checkout-api',
        sli: 'latency_p95_ms',
        objective_before: 800,
        objective_after: 600,
        window: '28d',
        alert_threshold_before: 600,
        alert_threshold_after: 450,
      },
    ],
    approval: { status: 'approved', approvals: [{ name: 'Ana', role: 'SRE Lead', signed_at: at }] },
  },
  'reviewer-signoff': {
    $schema: 'https://perfgate.dev/schemas/protocol-18/reviewer-signoff.schema.json',
    reviews: [
      {
        reviewer: 'Ana',
        role: 'Product Owner',
        decision: 'approved',
        rationale: 'Gains verified',
        signed_at: at,
      },
    ],
  },
  'continuous-improvement-notes': {
    actions: [
      { action: 'Automate load-test regression suite weekly', consumer: 'Protocol 19 Observability Team' },
      { action: 'Review cache TTLs' },
    ],
  },
  'distribution-log': {
    $schema: 'https://perfgate.dev/schemas/protocol-18/distribution-log.schema.json',
    deliveries: [
      { group: 'Engineering', channel: 'email', delivered_at: at, recipients: ['eng@example.com'] },
      { group: 'Leadership', channel: 'meeting', delivered_at: at, recipients: 12 },
      { group: 'Support', channel: 'wiki', delivered_at: at },
    ],
  },
  'gate-waivers': {
    $schema: 'https://perfgate.dev/schemas/protocol-18/gate-waivers.schema.json',
    waivers: [
      {
        id: 'W-1',
        gate: 4,
        criterion: 'distribution_groups',
        justification: 'Support offsite this week',
        approved_by: 'CTO',
        approved_at: at,
        expires_at: '2026-11-16T00:00:00Z',
        compensating_controls: ['Wiki page', 'Slack summary'],
      },
      {
        id: 'W-2',
        gate: 1,
        criterion: 'telemetry_sources',
        justification: 'RUM arriving next quarter',
        approved_by: 'CTO',
        approved_at: at,
        expires_at: '2026-12-01T00:00:00Z',
        compensating_controls: 'Synthetic checks',
      },
    ],
  },
  'gates-config': {
    $schema: 'https://perfgate.dev/schemas/protocol-18/gates-config.schema.json',
    warn_margin: 0.05,
    baseline: { completeness_threshold: 0.9, required_telemetry: ['apm', 'metrics'] },
    diagnostics: { weights: { profiling: 0.5, load: 0.3, capacity: 0.2 } },
    optimization: { significance_alpha: 0.05 },
    governance: { required_roles: ['Product Owner'] },
    kpis: { apdex_ratio: 'higher', queue_depth_count: 'lower' },
    retention: { active_days: 90 },
  },
};

interface WrongCase {
  /** What is wrong, as the test name. */
  name: string;
  /** The change: a JSON pointer and the value put there, or a pointer to remove. */
  set?: [pointer: string, value: unknown];
  remove?: string;
  /** Where ajv must report it, with which keyword; no error may point elsewhere. */
  instancePath: string;
  keyword: string;
}

const wrong: Record<string, WrongCase[]> = {
  'performance-intake-report': [
    {
      name: 'bad slug',
      set: ['/services/0/name', 'Checkout API'],
      instancePath: '/services/0/name',
      keyword: 'pattern',
    },
    {
      name: 'date without offset',
      set: ['/generated_at', '2026-11-02T09:30:00'],
      instancePath: '/generated_at',
      keyword: 'format',
    },
    {
      name: 'impossible date',
      set: ['/period/end', '2026-02-30T00:00:00Z'],
      instancePath: '/period/end',
      keyword: 'format',
    },
    {
      name: 'unknown telemetry kind',
      set: ['/telemetry_sources/0/kind', 'grafana'],
      instancePath: '/telemetry_sources/0/kind',
      keyword: 'enum',
    },
    { name: 'no service', set: ['/services', []], instancePath: '/services', keyword: 'minItems' },
    {
      name: 'critical missing',
      remove: '/services/1/critical',
      instancePath: '/services/1',
      keyword: 'required',
    },
  ],
  'baseline-metrics': [
    {
      name: 'column that is neither known nor a KPI',
      set: ['/rows/0/notes', 'x'],
      instancePath: '/rows/0',
      keyword: 'additionalProperties',
    },
    {
      name: 'KPI column without lowercase name',
      set: ['/rows/0/Latency_ms', 1],
      instancePath: '/rows/0',
      keyword: 'additionalProperties',
    },
    {
      name: 'KPI cell that is not a number',
      set: ['/rows/0/latency_p95_ms', '812ms'],
      instancePath: '/rows/0/latency_p95_ms',
      keyword: 'type',
    },
    {
      name: 'impossible collected_at',
      set: ['/rows/0/collected_at', '2026-02-30T00:00:00Z'],
      instancePath: '/rows/0/collected_at',
      keyword: 'format',
    },
    { name: 'no rows', set: ['/rows', []], instancePath: '/rows', keyword: 'minItems' },
  ],
  'hypothesis-log': [
    {
      name: 'unknown risk',
      set: ['/hypotheses/0/risk', 'severe'],
      instancePath: '/hypotheses/0/risk',
      keyword: 'enum',
    },
    {
      name: 'owner missing',
      remove: '/hypotheses/0/owner',
      instancePath: '/hypotheses/0',
      keyword: 'required',
    },
    {
      name: 'id without dash',
      set: ['/hypotheses/1/id', 'H12'],
      instancePath: '/hypotheses/1/id',
      keyword: 'pattern',
    },
  ],
  'profiling-report': [
    {
      name: 'negative code block count',
      set: ['/sections/0/code_blocks', -1],
      instancePath: '/sections/0/code_blocks',
      keyword: 'minimum',
    },
  ],
  'load-test-results': [
    {
      name: 'p95 as a string',
      set: ['/runs/0/latency_ms/p95', '812'],
      instancePath: '/runs/0/latency_ms/p95',
      keyword: 'type',
    },
    {
      name: 'unknown phase',
      set: ['/runs/0/phase', 'before'],
      instancePath: '/runs/0/phase',
      keyword: 'enum',
    },
    {
      name: 'error rate above 100',
      set: ['/runs/0/error_rate_pct', 101],
      instancePath: '/runs/0/error_rate_pct',
      keyword: 'maximum',
    },
    {
      name: 'zero duration',
      set: ['/runs/0/duration_s', 0],
      instancePath: '/runs/0/duration_s',
      keyword: 'exclusiveMinimum',
    },
    {
      name: 'peak concurrency missing',
      remove: '/runs/0/peak_concurrency',
      instancePath: '/runs/0',
      keyword: 'required',
    },
    {
      name: 'fractional error count',
      set: ['/runs/0/errors/timeout', 1.5],
      instancePath: '/runs/0/errors/timeout',
      keyword: 'type',
    },
  ],
  'capacity-analysis': [
    {
      name: 'value as a number',
      set: ['/sections/0/entries/0/value', 82],
      instancePath: '/sections/0/entries/0/value',
      keyword: 'type',
    },
  ],
  'optimization-plan': [
    {
      name: 'KPI without unit',
      set: ['/tasks/0/kpi', 'p95_latency'],
      instancePath: '/tasks/0/kpi',
      keyword: 'pattern',
    },
    {
      name: 'dependency that is not a task id',
      set: ['/tasks/1/depends_on', ['task-1']],
      instancePath: '/tasks/1/depends_on/0',
      keyword: 'pattern',
    },
    {
      name: 'risk critical (not a plan risk)',
      set: ['/tasks/0/risk', 'critical'],
      instancePath: '/tasks/0/risk',
      keyword: 'enum',
    },
  ],
  'optimization-validation-report': [
    {
      name: 'date without offset',
      set: ['/validated_at', '2026-11-02T09:30:00'],
      instancePath: '/validated_at',
      keyword: 'format',
    },
    {
      name: 'before as a string',
      set: ['/targets/0/before', '812'],
      instancePath: '/targets/0/before',
      // oneOf: a value is exactly one of a number, {value, n, stdev}, {runs} or {baseline}.
      keyword: 'oneOf',
    },
    {
      name: 'sample of one',
      set: ['/targets/1/before/n', 1],
      instancePath: '/targets/1/before/n',
      keyword: 'minimum',
    },
    {
      name: 'unsigned exception',
      remove: '/targets/1/exception/approved_by',
      instancePath: '/targets/1/exception',
      keyword: 'required',
    },
    {
      name: 'negative tolerance',
      set: ['/monitored/0/tolerance_pct', -1],
      instancePath: '/monitored/0/tolerance_pct',
      keyword: 'minimum',
    },
  ],
  'instrumentation-update-log': [
    { name: 'empty file', set: ['/length', 0], instancePath: '/length', keyword: 'minimum' },
  ],
  'openslo-slo': [
    {
      name: 'a target in percent',
      set: ['/spec/objectives/0/target', 99],
      instancePath: '/spec/objectives/0/target',
      keyword: 'exclusiveMaximum',
    },
    {
      name: 'unknown budgeting method',
      set: ['/spec/budgetingMethod', 'Events'],
      instancePath: '/spec/budgetingMethod',
      keyword: 'enum',
    },
  ],
  'slo-update-record': [
    {
      name: 'unknown approval status',
      set: ['/approval/status', 'approve'],
      instancePath: '/approval/status',
      keyword: 'enum',
    },
    {
      name: 'impossible signature date',
      set: ['/approval/approvals/0/signed_at', '2026-02-30T00:00:00Z'],
      instancePath: '/approval/approvals/0/signed_at',
      keyword: 'format',
    },
  ],
  'reviewer-signoff': [
    {
      name: 'unknown decision',
      set: ['/reviews/0/decision', 'lgtm'],
      instancePath: '/reviews/0/decision',
      keyword: 'enum',
    },
  ],
  'continuous-improvement-notes': [
    {
      name: 'empty action',
      set: ['/actions/0/action', ''],
      instancePath: '/actions/0/action',
      keyword: 'minLength',
    },
  ],
  'distribution-log': [
    {
      name: 'unknown channel',
      set: ['/deliveries/0/channel', 'teams'],
      instancePath: '/deliveries/0/channel',
      keyword: 'enum',
    },
    {
      name: 'negative recipient count',
      set: ['/deliveries/1/recipients', -1],
      instancePath: '/deliveries/1/recipients',
      keyword: 'anyOf',
    },
  ],
  'gate-waivers': [
    {
      name: 'waiver for gate 3',
      set: ['/waivers/0/gate', 3],
      instancePath: '/waivers/0/gate',
      keyword: 'enum',
    },
    {
      name: 'unknown criterion',
      set: ['/waivers/0/criterion', 'coverage'],
      instancePath: '/waivers/0/criterion',
      keyword: 'enum',
    },
    {
      name: 'expiry without offset',
      set: ['/waivers/1/expires_at', '2026-12-01T00:00:00'],
      instancePath: '/waivers/1/expires_at',
      keyword: 'format',
    },
  ],
  'gates-config': [
    {
      name: 'unknown top-level key',
      set: ['/treshold', 0.9],
      instancePath: '',
      keyword: 'additionalProperties',
    },
    {
      name: 'misspelt nested key',
      set: ['/baseline/completness_threshold', 0.9],
      instancePath: '/baseline',
      keyword: 'additionalProperties',
    },
    {
      name: 'unknown key in weights',
      set: ['/diagnostics/weights/tracing', 0.1],
      instancePath: '/diagnostics/weights',
      keyword: 'additionalProperties',
    },
    {
      name: 'threshold 1.5',
      set: ['/baseline/completeness_threshold', 1.5],
      instancePath: '/baseline/completeness_threshold',
      keyword: 'maximum',
    },
    {
      name: 'alpha of 1',
      set: ['/optimization/significance_alpha', 1],
      instancePath: '/optimization/significance_alpha',
      keyword: 'anyOf',
    },
    {
      name: 'KPI direction key without unit',
      set: ['/kpis/apdex', 'higher'],
      instancePath: '/kpis',
      keyword: 'additionalProperties',
    },
    {
      name: 'unknown KPI direction',
      set: ['/kpis/apdex_ratio', 'up'],
      instancePath: '/kpis/apdex_ratio',
      keyword: 'enum',
    },
    {
      name: 'unknown telemetry kind',
      set: ['/baseline/required_telemetry', ['apm', 'grafana']],
      instancePath: '/baseline/required_telemetry/1',
      keyword: 'enum',
    },
    {
      name: 'fractional retention',
      set: ['/retention/active_days', 1.5],
      instancePath: '/retention/active_days',
      keyword: 'type',
    },
  ],
};

describe('instances', () => {
  it('has a valid and a wrong instance for every schema', () => {
    expect(Object.keys(valid).sort()).toEqual([...schemas.keys()]);
    expect(Object.keys(wrong).sort()).toEqual([...schemas.keys()]);
  });

  it.each(Object.keys(valid))('a valid %s passes', (name) => {
    const validate = validator(name);
    expect(validate(clone(valid[name])), JSON.stringify(validate.errors)).toBe(true);
  });

  const rows = Object.entries(wrong).flatMap(([name, cases]) =>
    cases.map((c) => [`${name}: ${c.name}`, name, c] as const),
  );
  it.each(rows)('%s is rejected at its place', (_title, name, c) => {
    const data = clone(valid[name]);
    if (c.set) patch(data, c.set[0], c.set[1]);
    if (c.remove) patch(data, c.remove, undefined);
    const validate = validator(name);
    expect(validate(data)).toBe(false);
    const errors = validate.errors ?? [];
    expect(errors.filter((e) => e.instancePath === c.instancePath).map((e) => e.keyword)).toContain(
      c.keyword,
    );
    // Nothing else may be reported, except an anyOf/oneOf (and its branches) around the wrong value.
    const anyOfAround = (e: (typeof errors)[number]) =>
      c.instancePath.startsWith(`${e.instancePath}/`) &&
      (e.keyword === 'anyOf' ||
        e.keyword === 'oneOf' ||
        e.schemaPath.includes('/anyOf/') ||
        e.schemaPath.includes('/oneOf/'));
    expect(errors.filter((e) => e.instancePath !== c.instancePath && !anyOfAround(e))).toEqual([]);
  });

  it('accepts date-times with any offset and rejects those without', () => {
    const validate = validator('reviewer-signoff');
    const withTime = (signed_at: string) => ({
      reviews: [{ reviewer: 'A', role: 'SRE Lead', decision: 'approved', rationale: 'ok', signed_at }],
    });
    expect(validate(withTime('2026-11-02T09:30:00+05:30'))).toBe(true);
    expect(validate(withTime('2026-11-02t09:30:00.123z'))).toBe(true);
    expect(validate(withTime('2026-11-02T09:30:00'))).toBe(false);
    expect(validate(withTime('2026-11-02'))).toBe(false);
    expect(validate(withTime('2026-02-29T00:00:00Z'))).toBe(false);
    expect(validate(withTime('2028-02-29T00:00:00Z'))).toBe(true);
  });
});

const DEFAULT_CONFIG = {
  warn_margin: 0.1,
  baseline: {
    completeness_threshold: 0.95,
    telemetry_coverage_threshold: 0.95,
    min_telemetry_sources: 3,
    freshness_hours: 6,
    min_hypotheses: 3,
    required_kpis: [
      'latency_p50_ms',
      'latency_p95_ms',
      'latency_p99_ms',
      'throughput_rps',
      'error_rate_pct',
      'cpu_util_pct',
    ],
    required_telemetry: ['apm', 'logging', 'tracing'],
  },
  diagnostics: {
    coverage_threshold: 0.9,
    weights: { profiling: 0.4, load: 0.4, capacity: 0.2 },
    min_profiled_critical: 2,
    max_peak_error_rate_pct: 2,
  },
  optimization: {
    improvement_threshold: 0.15,
    regression_tolerance_pct: 5,
    max_regressions: 0,
    significance_alpha: null,
    confidence: null,
  },
  governance: {
    documentation_threshold: 0.95,
    min_distribution_groups: 3,
    approval_threshold: 1,
    required_roles: ['Product Owner', 'SRE Lead'],
  },
  kpis: {},
  retention: { active_days: 120, archive_months: 24 },
};

describe('gates config defaults', () => {
  it('fills the whole tree from {} with the documented defaults', () => {
    const data = {};
    expect(validator('gates-config', { useDefaults: true })(data)).toBe(true);
    expect(data).toStrictEqual(DEFAULT_CONFIG);
  });

  it('keeps what the file sets and fills the rest', () => {
    const data = { baseline: { completeness_threshold: 0.8 }, diagnostics: { weights: { capacity: 0 } } };
    expect(validator('gates-config', { useDefaults: true })(data)).toBe(true);
    expect(data).toStrictEqual({
      ...DEFAULT_CONFIG,
      baseline: { ...DEFAULT_CONFIG.baseline, completeness_threshold: 0.8 },
      diagnostics: { ...DEFAULT_CONFIG.diagnostics, weights: { profiling: 0.4, load: 0.4, capacity: 0 } },
    });
  });

  it('gives each validation its own default arrays', () => {
    const validate = validator('gates-config', { useDefaults: true });
    const first: { baseline?: { required_kpis: string[] } } = {};
    const second: { baseline?: { required_kpis: string[] } } = {};
    validate(first);
    first.baseline?.required_kpis.push('extra_ms');
    validate(second);
    expect(second.baseline?.required_kpis).toEqual(DEFAULT_CONFIG.baseline.required_kpis);
  });

  it('states every leaf default in its description', () => {
    const stale: string[] = [];
    for (const [where, s] of subschemas(schemas.get('gates-config'), '#')) {
      if (
        !('default' in s) ||
        (typeof s.default === 'object' && s.default !== null && !Array.isArray(s.default))
      )
        continue;
      if (!String(s.description).endsWith(`Default: ${JSON.stringify(s.default)}.`)) stale.push(where);
    }
    expect(stale).toEqual([]);
  });
});

describe('generated types', () => {
  it('src/core/types/artifacts.generated.ts is up to date with the schemas', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'gen-types.mjs'), '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);
});
