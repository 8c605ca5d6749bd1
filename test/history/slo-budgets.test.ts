/**
 * SLO error budgets (ARTIFACTS.md section 8) from OpenSLO documents and raw load-test samples: the
 * hand-worked example of the contract (99 % of requests under 300 ms over 30 days; 0.45 % bad before,
 * 1.15 % after: 45 % then 115 % of the budget, exhausted on day 26), summary-only runs saying what
 * cannot be computed, and diagnostics with file and line for invalid or unsupported documents.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCycle } from '../../src/core/load/cycle.ts';
import { loadConfig } from '../../src/core/load/config.ts';
import { budgetUse } from '../../src/core/slo/budget.ts';
import { cycleSloBudgets, type SloBudgets } from '../../src/core/slo/index.ts';
import { sideText } from '../../src/core/slo/text.ts';
import type { LoadTestResults, PerformanceIntakeReport } from '../../src/core/types/artifacts.generated.ts';
import { validateCycle } from '../../src/core/validate/index.ts';
import { FIXTURES, runCli, STACK_TRACE } from '../helpers/cli.ts';

/** A hey CSV of `n` requests, `slow` of them at 350 ms and the rest at 120 ms (`failed` with a 503). */
function heyCsv(n: number, slow: number, failed = 0): string {
  const rows = ['response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset'];
  for (let i = 0; i < n; i++) {
    const latency = i < slow ? '0.3500' : '0.1200';
    rows.push(
      `${latency},0.0001,0.0000,0.0000,${latency},0.0001,${i >= n - failed ? 503 : 200},${(i / 100).toFixed(4)}`,
    );
  }
  return `${rows.join('\n')}\n`;
}

const LATENCY_SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-latency
  displayName: Checkout under 300 ms
spec:
  service: checkout-api
  indicator:
    metadata:
      name: checkout-request-latency
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: http_request_duration_ms{service="checkout-api"}
  timeWindow:
    - duration: 30d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: 99 % under 300 ms
      op: lt
      value: 300
      target: 0.99
`;

let dir: string;
let budgets: SloBudgets | null;

beforeAll(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-slo-'));
  await cp(path.join(FIXTURES, 'valid'), root, { recursive: true });
  dir = path.join(root, 'protocol-18');
  await mkdir(path.join(dir, 'loadtests'));
  await mkdir(path.join(dir, 'slos'));
  // 10 000 requests each: 45 over 300 ms before (0.45 %), 115 after (1.15 %).
  await writeFile(path.join(dir, 'loadtests/before.csv'), heyCsv(10_000, 45));
  await writeFile(path.join(dir, 'loadtests/after.csv'), heyCsv(10_000, 115, 20));
  const file = path.join(dir, 'load-test-results.json');
  const results = JSON.parse(await readFile(file, 'utf8')) as LoadTestResults;
  results.runs.find((r) => r.id === 'checkout-base')!.source_file = 'loadtests/before.csv';
  results.runs.find((r) => r.id === 'checkout-after')!.source_file = 'loadtests/after.csv';
  await writeFile(file, JSON.stringify(results, null, 2));
  await writeFile(path.join(dir, 'slos/checkout-latency.yaml'), LATENCY_SLO);
  await writeFile(
    path.join(dir, 'slos/checkout-availability.yaml'),
    LATENCY_SLO.replace('name: checkout-latency', 'name: checkout-availability')
      .replace(
        /thresholdMetric:[\s\S]*?(?=\n {2}timeWindow)/,
        'ratioMetric:\n        counter: true\n        good: {}\n        total: {}',
      )
      .replace(/ {6}op: lt\n {6}value: 300\n/, '')
      .replace('target: 0.99', 'target: 0.999'),
  );
  await writeFile(
    path.join(dir, 'slos/timeslices.yaml'),
    LATENCY_SLO.replace('name: checkout-latency', 'name: checkout-timeslices').replace(
      'budgetingMethod: Occurrences',
      'budgetingMethod: Timeslices',
    ),
  );
  await writeFile(
    path.join(dir, 'slos/broken.yaml'),
    LATENCY_SLO.replace('name: checkout-latency', 'name: broken').replace('target: 0.99', 'target: 99'),
  );
  const cycle = await loadCycle(dir);
  const validation = validateCycle(cycle, await loadConfig(path.join(FIXTURES, 'defaults.yaml')));
  budgets = await cycleSloBudgets(cycle, {
    'performance-intake-report': validation.valid['performance-intake-report']
      ?.data as PerformanceIntakeReport,
    'load-test-results': validation.valid['load-test-results']?.data as LoadTestResults,
  });
}, 60_000);

afterAll(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

describe('error budgets', () => {
  it('works the contract example by hand: 0.45 % and 1.15 % bad against 99 % over 30 days', () => {
    const before = budgetUse(0.0045, 0.99, 30);
    const after = budgetUse(0.0115, 0.99, 30);
    expect(before.budget_consumed).toBeCloseTo(0.45, 12);
    expect(before.exhausted_on_day).toBeNull(); // lasts 66.7 days, beyond the window
    expect(before.days_to_exhaustion).toBeCloseTo(30 / 0.45, 9);
    expect(after.budget_consumed).toBeCloseTo(1.15, 12);
    expect(after.burn_rate).toBeCloseTo(1.15, 12);
    expect(after.days_to_exhaustion).toBeCloseTo(30 / 1.15, 9); // 26.09 days
    expect(after.exhausted_on_day).toBe(26);
  });

  it('computes it from the raw samples of the load runs before and after', () => {
    const b = budgets!.budgets.find((x) => x.slo === 'checkout-latency')!;
    expect(b.before).toMatchObject({ status: 'computed', events: 10_000, bad: 45, runs: ['checkout-base'] });
    expect(b.after).toMatchObject({ status: 'computed', events: 10_000, bad: 115, runs: ['checkout-after'] });
    if (b.before.status !== 'computed' || b.after.status !== 'computed') throw new Error('not computed');
    expect(b.before.budget_consumed).toBeCloseTo(0.45, 12);
    expect(b.after.budget_consumed).toBeCloseTo(1.15, 12);
    expect(b.after.exhausted_on_day).toBe(26);
    expect(sideText(b.before, b)).toBe(
      '0.45 % bad (45 of 10000 requests): 45 % of the 30d budget, burn rate 0.45; a fresh budget lasts 66.7 days, beyond the window',
    );
    expect(sideText(b.after, b)).toBe(
      '1.15 % bad (115 of 10000 requests): 115 % of the 30d budget, burn rate 1.15; exhausted on day 26 (after 26.1 days)',
    );
  });

  it('counts failed requests as bad for a ratio indicator', () => {
    const b = budgets!.budgets.find((x) => x.slo === 'checkout-availability')!;
    expect(b.before).toMatchObject({ status: 'computed', bad: 0 });
    // 20 of 10 000 failed: 0.2 % against a 0.1 % budget, twice the budget; gone after 15 days.
    expect(b.after).toMatchObject({ status: 'computed', bad: 20, exhausted_on_day: 15 });
  });

  it('gives a diagnostic with file and line for an unsupported budgetingMethod and an invalid target, never a crash', () => {
    const d = budgets!.diagnostics;
    expect(d.find((x) => x.file === 'slos/timeslices.yaml')).toMatchObject({
      code: 'slo.unsupported',
      severity: 'warning',
      pointer: '/spec/budgetingMethod',
      line: 20,
    });
    expect(d.find((x) => x.file === 'slos/timeslices.yaml')!.message).toContain(
      'Unsupported budgetingMethod Timeslices',
    );
    const broken = d.find((x) => x.file === 'slos/broken.yaml')!;
    expect(broken).toMatchObject({ severity: 'error', pointer: '/spec/objectives/0/target', line: 25 });
    expect(broken.hint).not.toBe('');
    expect(budgets!.budgets.map((x) => x.slo).sort()).toEqual(['checkout-availability', 'checkout-latency']);
  });

  it('says what cannot be computed from summary-only runs, and why', async () => {
    const demo = await loadCycle(path.resolve(import.meta.dirname, '../../.artifacts/protocol-18'));
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'perfgate-slo-demo-'));
    try {
      await cp(demo.dir, tmp, { recursive: true });
      await mkdir(path.join(tmp, 'slos'));
      await writeFile(path.join(tmp, 'slos/checkout.yaml'), LATENCY_SLO);
      // Only the demo's k6 summaries: its hey replicates (raw samples) would be counted.
      const resultsFile = path.join(tmp, 'load-test-results.json');
      const results = JSON.parse(await readFile(resultsFile, 'utf8')) as LoadTestResults;
      results.runs = results.runs.filter((r) => !r.id.startsWith('checkout-order-'));
      await writeFile(resultsFile, JSON.stringify(results, null, 2));
      const cycle = await loadCycle(tmp, { upstream: false });
      const validation = validateCycle(cycle, await loadConfig(path.join(FIXTURES, 'defaults.yaml')));
      const r = await cycleSloBudgets(cycle, {
        'performance-intake-report': validation.valid['performance-intake-report']
          ?.data as PerformanceIntakeReport,
        'load-test-results': validation.valid['load-test-results']?.data as LoadTestResults,
      });
      const b = r!.budgets[0]!;
      expect(b.before.status).toBe('not_computed');
      if (b.before.status !== 'not_computed') throw new Error('computed');
      expect(b.before.reason).toMatch(
        /^checkout-baseline-load: a k6 handleSummary data JSON holds percentiles and counts, not each request, so the requests lt 300 ms cannot be counted\. Import the raw output/,
      );
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('puts the budgets in PERFORMANCE-REPORT.md', async () => {
    const r = await runCli([
      'report',
      '--artifacts',
      dir,
      '--config',
      path.join(FIXTURES, 'defaults.yaml'),
      '--as-of',
      '2026-11-21T00:00:00Z',
    ]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const report = await readFile(path.join(dir, 'PERFORMANCE-REPORT.md'), 'utf8');
    expect(report).toContain('## SLO error budgets');
    expect(report).toContain(
      '115 % of the 30d budget, burn rate 1.15; exhausted on day 26 (after 26.1 days)',
    );
    expect(report).toContain('slos/timeslices.yaml:20: Unsupported budgetingMethod Timeslices');
  }, 60_000);
});
