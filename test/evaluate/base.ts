/** A small, fully passing evaluation input built in code; tests copy it and change one thing. */
import { ARTIFACTS, type ArtifactName } from '../../src/core/artifacts.ts';
import { evaluateCycle } from '../../src/core/evaluate/index.ts';
import type {
  CriterionResult,
  CycleEvaluation,
  UnvalidatedInput,
  GateResult,
} from '../../src/core/evaluate/types.ts';
import { defaultConfig } from '../../src/core/validate/index.ts';
import { validateEvaluationInput } from '../../src/core/validate/evaluation-input.ts';

export const AS_OF = '2026-11-20T12:00:00Z';
const REQUIRED = ARTIFACTS.filter((a) => a.required).map((a) => a.name);
const KPIS = [
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'throughput_rps',
  'error_rate_pct',
  'cpu_util_pct',
];

function row(service: string, collected_at: string) {
  return {
    service,
    collected_at,
    source: 'APM',
    latency_p50_ms: 100,
    latency_p95_ms: 400,
    latency_p99_ms: 900,
    throughput_rps: 200,
    error_rate_pct: 0.5,
    cpu_util_pct: 60,
  };
}

function run(
  id: string,
  service: string,
  phase: 'baseline' | 'after',
  kind: 'load' | 'stress',
  error_rate_pct: number,
  p95: number,
) {
  return {
    id,
    service,
    scenario: 'peak',
    phase,
    kind,
    started_at: phase === 'baseline' ? '2026-11-05T10:00:00Z' : '2026-11-15T10:00:00Z',
    duration_s: 600,
    peak_concurrency: 100,
    requests: 60000,
    throughput_rps: 100,
    latency_ms: { p50: 50, p90: 200, p95: p95, p99: 500 },
    error_rate_pct,
  };
}

/** Every gate passes and no criterion is at risk (margins are wide). */
export function base(): UnvalidatedInput {
  const config = defaultConfig();
  // Two critical services, so that the at-threshold case of profiled_critical_services is 1 -> 1.
  config.diagnostics.min_profiled_critical = 1;
  return {
    cycleId: 'test-cycle',
    evaluatedAt: AS_OF,
    config,
    artifacts: {
      'performance-intake-report': {
        cycle_id: 'test-cycle',
        title: 'Test',
        generated_at: '2026-11-02T09:00:00Z',
        period: { start: '2026-11-01T00:00:00Z', end: '2026-11-20T00:00:00Z' },
        services: [
          { name: 'checkout', critical: true },
          { name: 'search', critical: true, prioritized: true },
          { name: 'mailer', critical: false, prioritized: false },
        ],
        telemetry_sources: [
          { name: 'APM', kind: 'apm', services: ['checkout', 'search'] },
          { name: 'Logs', kind: 'logging', services: ['checkout', 'search', 'mailer'] },
          { name: 'Traces', kind: 'tracing', services: ['checkout', 'search'] },
          { name: 'Metrics', kind: 'metrics', services: ['checkout'] },
        ],
      },
      'baseline-metrics': {
        columns: ['service', 'collected_at', 'source', ...KPIS],
        rows: [row('checkout', '2026-11-02T08:00:00Z'), row('search', '2026-11-02T08:30:00Z')],
      },
      'hypothesis-log': {
        hypotheses: [1, 2, 3, 4, 5].map((i) => ({
          id: `H-${i}`,
          statement: `s${i}`,
          owner: 'Dana',
          risk: 'low' as const,
          validation: 'profile it',
        })),
      },
      'profiling-report': {
        sections: [
          { service: 'checkout', links: ['diagnostics/checkout.svg'], code_blocks: 0 },
          { service: 'search', links: ['diagnostics/search.svg'], code_blocks: 0 },
        ],
      },
      'load-test-results': {
        tool: 'k6',
        environment: 'staging',
        runs: [
          run('c-base', 'checkout', 'baseline', 'load', 0.5, 480),
          run('c-after', 'checkout', 'after', 'load', 0.3, 340),
          run('s-base', 'search', 'baseline', 'stress', 3, 140),
        ],
      },
      'capacity-analysis': {
        sections: [
          { service: 'checkout', entries: [] },
          { service: 'search', entries: [] },
        ],
      },
      'optimization-plan': {
        tasks: [
          {
            id: 'OPT-1',
            title: 'Cache',
            service: 'checkout',
            owner: 'Dana',
            risk: 'low',
            kpi: 'latency_p95_ms',
            expected_gain_pct: 25,
            status: 'done',
          },
        ],
      },
      'optimization-validation-report': {
        validated_at: '2026-11-16T12:00:00Z',
        environment: 'staging',
        targets: [{ service: 'checkout', kpi: 'latency_p95_ms', task: 'OPT-1', before: 400, after: 300 }],
        monitored: [{ service: 'search', kpi: 'error_rate_pct', before: 1, after: 1 }],
      },
      'slo-update-record': {
        slos: [
          {
            service: 'checkout',
            sli: 'latency_p95_ms',
            objective_before: 600,
            objective_after: 450,
            window: '28d',
          },
        ],
        approval: {
          status: 'approved',
          approvals: [{ name: 'Ana', role: 'Product Owner', signed_at: '2026-11-18T10:00:00Z' }],
        },
      },
      'reviewer-signoff': {
        reviews: [
          {
            reviewer: 'Ana',
            role: 'Product Owner',
            decision: 'approved',
            rationale: 'ok',
            signed_at: '2026-11-18T10:00:00Z',
          },
          {
            reviewer: 'Raj',
            role: 'SRE Lead',
            decision: 'approved',
            rationale: 'ok',
            signed_at: '2026-11-18T11:00:00Z',
          },
        ],
      },
      'continuous-improvement-notes': { actions: [{ action: 'Automate load tests' }] },
      'distribution-log': {
        deliveries: ['Engineering', 'Product', 'SRE', 'Support'].map((group) => ({
          group,
          channel: 'email' as const,
          delivered_at: '2026-11-19T09:00:00Z',
        })),
      },
    },
    present: [...REQUIRED],
    clean: [...REQUIRED],
    flameGraphs: [['diagnostics/checkout.svg'], ['diagnostics/search.svg']],
    upstream: ['../protocol-15/DEPLOYMENT-REPORT.md', '../protocol-16/OBSERVABILITY-BASELINE.md'],
  };
}

/** Evaluates a copy of the base input after `change`, through the validation step as every input goes. */
export function evaluate(change: (i: UnvalidatedInput) => void = () => {}): CycleEvaluation {
  const input = base();
  change(input);
  return evaluateCycle(validateEvaluationInput(input));
}

export function gateOf(ev: CycleEvaluation, gate: 1 | 2 | 3 | 4): GateResult {
  const g = ev.gates.find((x) => x.gate === gate);
  if (!g) throw new Error(`no gate ${gate}`);
  return g;
}

export function criterionOf(ev: CycleEvaluation, id: string): CriterionResult {
  const c = ev.gates.flatMap((g) => g.criteria).find((x) => x.id === id);
  if (!c) throw new Error(`no criterion ${id}`);
  return c;
}

/** Removes an artifact as if it were absent (not present, not valid). */
export function drop(i: UnvalidatedInput, name: ArtifactName): void {
  delete (i.artifacts as Record<string, unknown>)[name];
  i.present = i.present.filter((n) => n !== name);
  i.clean = i.clean.filter((n) => n !== name);
}

/** The non-null artifact of the input (tests know it is there). */
export function art<K extends keyof UnvalidatedInput['artifacts']>(
  i: UnvalidatedInput,
  name: K,
): NonNullable<UnvalidatedInput['artifacts'][K]> {
  const a = i.artifacts[name];
  if (!a) throw new Error(`no ${name}`);
  return a as NonNullable<UnvalidatedInput['artifacts'][K]>;
}
