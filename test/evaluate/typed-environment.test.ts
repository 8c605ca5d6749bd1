/**
 * A typed number is checked against the load-test runs of the environment the validation report
 * names (gates.mdx, "Typed numbers"): runs of another environment neither confirm nor contradict it,
 * while the baseline row always counts for a before. Hand-made evidence: a p95 of 300 ms typed for
 * production, runs of a test environment at 500 ms.
 */
import { describe, expect, it } from 'vitest';
import { checkTyped, type Evidence } from '../../src/core/contract/kpi-evidence/typed-check.ts';
import type { BaselineRow, LoadTestRun } from '../../src/core/types/artifacts.generated.ts';

const run = (id: string, phase: 'baseline' | 'after', p95: number) =>
  ({
    id,
    service: 'checkout-api',
    scenario: 'checkout',
    phase,
    kind: 'load',
    started_at: '2026-11-01T10:00:00Z',
    duration_s: 60,
    peak_concurrency: 8,
    requests: 1000,
    throughput_rps: 16,
    latency_ms: { p95 },
    error_rate_pct: 0,
  }) as LoadTestRun;
const row = {
  service: 'checkout-api',
  collected_at: '2026-11-01T00:00:00Z',
  source: 'apm',
  latency_p95_ms: 300,
} as BaselineRow;
const key = { service: 'checkout-api', kpi: 'latency_p95_ms' };
const evidence = (environment: string, runsEnvironment: string): Evidence => ({
  runs: [run('b', 'baseline', 500), run('a', 'after', 500)],
  baseline: [row],
  environment,
  runsEnvironment,
});

describe('typed numbers and the environment of their evidence', () => {
  it('runs of another environment do not contradict a typed after: it is typed, no evidence', () => {
    expect(checkTyped(300, key, 'after', evidence('production', 'perf-eu-west-1')).state).toBe('none');
  });

  it('runs of the same environment (names compared trimmed, ignoring case) do', () => {
    expect(checkTyped(300, key, 'after', evidence('Production ', 'production')).state).toBe('disagrees');
  });

  it('the baseline row counts for a before whatever the environment of the runs', () => {
    const check = checkTyped(300, key, 'before', evidence('production', 'perf-eu-west-1'));
    expect(check.state).toBe('agrees');
    expect(check.evidence.map((e) => e.kind)).toEqual(['row']);
  });
});
