/**
 * Comparing two cycles (ARTIFACTS.md section 8): `compareCycles` on hand-made records (the change
 * is B against A, positive when better, whatever the KPI's direction; what only one has; a warning
 * for each way the two are not comparable) and `perfgate compare` on the demo's cycles.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCycles } from '../../src/core/history/compare/compare.ts';
import type { CompareSide } from '../../src/core/history/compare/types.ts';
import { runCli, STACK_TRACE } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const AS_OF = '2026-11-21T00:00:00Z';

function side(over: Partial<CompareSide> & Pick<CompareSide, 'slug'>): CompareSide {
  return {
    cycle_id: over.slug,
    title: `Cycle ${over.slug}`,
    period: null,
    verdict: 'pass',
    decided_at: AS_OF,
    gates: [
      { gate: 1, name: 'baseline', status: 'pass' },
      { gate: 3, name: 'optimization', status: 'pass' },
    ],
    kpis: [],
    slos: [],
    load: {
      tool: 'k6',
      tool_version: '1.0.0',
      environment: 'perf',
      runs: [
        {
          id: 'r1',
          service: 'api',
          scenario: 'mix',
          phase: 'after',
          kind: 'load',
          peak_concurrency: 400,
          duration_s: 1800,
        },
      ],
    },
    validation_environment: 'production',
    ...over,
  };
}
const kpi = (k: string, after: number, direction: 'lower' | 'higher', endpoint: string | null = null) => ({
  service: 'api',
  kpi: k,
  endpoint,
  role: 'target' as const,
  direction,
  before: after * 1.2,
  after,
  improvement: null,
});

describe('compareCycles', () => {
  it('gives every KPI measured in both with both values and a direction-aware change (positive is better)', () => {
    const a = side({
      slug: 'a',
      kpis: [
        kpi('latency_p95_ms', 500, 'lower'),
        kpi('throughput_rps', 200, 'higher'),
        kpi('cpu_util_pct', 70, 'lower'),
      ],
    });
    const b = side({
      slug: 'b',
      verdict: 'fail',
      gates: [
        { gate: 1, name: 'baseline', status: 'pass' },
        { gate: 3, name: 'optimization', status: 'fail' },
      ],
      kpis: [
        kpi('latency_p95_ms', 400, 'lower'),
        kpi('throughput_rps', 180, 'higher'),
        kpi('error_rate_pct', 0.2, 'lower'),
      ],
    });
    const c = compareCycles(a, b);
    const byKpi = Object.fromEntries(c.diff.kpis.map((k) => [k.kpi, k]));
    // Latency 500 -> 400 ms is 20 % better; throughput 200 -> 180 req/s is 10 % worse (hand-worked).
    expect(byKpi.latency_p95_ms).toMatchObject({ previous_after: 500, after: 400, trend: 'better' });
    expect(byKpi.latency_p95_ms!.change).toBeCloseTo(0.2, 12);
    expect(byKpi.throughput_rps).toMatchObject({ previous_after: 200, after: 180, trend: 'worse' });
    expect(byKpi.throughput_rps!.change).toBeCloseTo(-0.1, 12);
    expect(c.diff.kpis_dropped.map((k) => k.kpi)).toEqual(['cpu_util_pct']);
    expect(c.diff.kpis_added.map((k) => k.kpi)).toEqual(['error_rate_pct']);
    expect(c.a.verdict).toBe('pass');
    expect(c.b.verdict).toBe('fail');
    expect(c.gates).toEqual([
      { gate: 1, name: 'baseline', a: 'pass', b: 'pass' },
      { gate: 3, name: 'optimization', a: 'pass', b: 'fail' },
    ]);
    expect(c.warnings).toEqual([]);
  });

  it('warns when the environment, tool, tool version, scenarios, peak concurrency or duration differ', () => {
    const a = side({ slug: 'a' });
    const run = a.load!.runs[0]!;
    const warnings = (b: Partial<CompareSide>) =>
      compareCycles(a, side({ slug: 'b', ...b })).warnings.map((w) => [w.kind, w.a, w.b]);
    expect(warnings({ load: { ...a.load!, environment: 'staging' } })).toEqual([
      ['environment', 'perf', 'staging'],
    ]);
    expect(warnings({ validation_environment: 'staging' })).toEqual([
      ['environment', 'production', 'staging'],
    ]);
    expect(warnings({ load: { ...a.load!, tool: 'gatling' } })).toEqual([['tool', 'k6', 'gatling']]);
    expect(warnings({ load: { ...a.load!, tool_version: '1.6.1' } })).toEqual([
      ['tool_version', '1.0.0', '1.6.1'],
    ]);
    expect(warnings({ load: { ...a.load!, runs: [{ ...run, scenario: 'mix-3x' }] } })).toEqual([
      ['scenario', 'mix', 'mix-3x'],
    ]);
    expect(warnings({ load: { ...a.load!, runs: [{ ...run, peak_concurrency: 900 }] } })).toEqual([
      ['peak_concurrency', '400', '900'],
    ]);
    // Within 10 % is the same duration; beyond it is a warning.
    expect(warnings({ load: { ...a.load!, runs: [{ ...run, duration_s: 1900 }] } })).toEqual([]);
    expect(warnings({ load: { ...a.load!, runs: [{ ...run, duration_s: 900 }] } })).toEqual([
      ['duration', '1800 s', '900 s'],
    ]);
  });
});

describe('perfgate compare', () => {
  const tmp: string[] = [];
  afterAll(async () => {
    for (const d of tmp) await rm(d, { recursive: true, force: true });
  });
  const archive = path.join(ROOT, 'content/cycles');
  const args = [
    '--archive',
    archive,
    '--artifacts',
    path.join(ROOT, '.artifacts/protocol-18'),
    '--as-of',
    AS_OF,
  ];

  it('prints the KPIs of both demo cycles with both values and the change', async () => {
    const r = await runCli([
      'compare',
      '2026-02-search-index-sharding',
      '2026-05-inventory-sync-backpressure',
      ...args,
    ]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code, r.stderr).toBe(0);
    // From the two validation reports: inventory-sync batch p95 after 445 ms (monitored) then 352 ms (target).
    expect(r.stdout).toMatch(/inventory-sync latency_p95_ms\s+445 ms\s+352 ms\s+\+20\.9 %\s+better/);
    expect(r.stdout).toContain('A  2026-02-search-index-sharding');
    expect(r.stdout).toContain('B  2026-05-inventory-sync-backpressure');
    const json = (
      await runCli([
        'compare',
        '2026-02-search-index-sharding',
        '2026-05-inventory-sync-backpressure',
        ...args,
        '--json',
      ])
    ).json();
    const inv = json.diff.kpis.find(
      (k: { service: string; kpi: string }) => k.service === 'inventory-sync' && k.kpi === 'latency_p95_ms',
    );
    expect(inv).toMatchObject({ previous_after: 445, after: 352, trend: 'better' });
    expect(json.a.cycle_id).toBe('2026-02-search-index-sharding');
    expect(json.gates).toHaveLength(4);
  });

  it('warns about a pair of cycles from different environments (a cycle named by its path)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-compare-'));
    tmp.push(dir);
    const copy = path.join(dir, 'staging-copy');
    await cp(path.join(archive, '2026-08-payments-tail-latency'), copy, { recursive: true });
    const file = path.join(copy, 'load-test-results.json');
    const results = JSON.parse(await readFile(file, 'utf8'));
    results.environment = 'perf-us-east-2';
    await writeFile(file, JSON.stringify(results, null, 2));
    const r = await runCli(['compare', '2026-08-payments-tail-latency', copy, ...args]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'The load tests ran in different environments (A: perf-eu-west-1; B: perf-us-east-2).',
    );
    const json = (await runCli(['compare', '2026-08-payments-tail-latency', copy, ...args, '--json'])).json();
    expect(json.warnings.map((w: { kind: string }) => w.kind)).toEqual(['environment']);
  });

  it('names an unknown cycle with the ids that exist, without a stack trace', async () => {
    const r = await runCli(['compare', 'no-such-cycle', '2026-08-payments-tail-latency', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No cycle "no-such-cycle"');
    expect(r.stderr).toContain('hint: Known cycle ids: 2025-05-checkout-latency');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
