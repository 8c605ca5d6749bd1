/**
 * report.html shows a cycle's SLO error budgets as the site does, with the contract's hand-worked
 * example (99 % of requests under 300 ms over 30 days; 45 of 10 000 requests slow before, 115 after:
 * 45 % then 115 % of the budget, exhausted on day 26), and says nothing of SLOs for a cycle without
 * OpenSLO documents.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { freshCycle, removeTemporaries, reportArgs } from './helpers.ts';

afterAll(removeTemporaries);

/** A hey CSV of `n` requests, `slow` of them at 350 ms and the rest at 120 ms. */
function heyCsv(n: number, slow: number): string {
  const rows = ['response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset'];
  for (let i = 0; i < n; i++) {
    const latency = i < slow ? '0.3500' : '0.1200';
    rows.push(`${latency},0.0001,0.0000,0.0000,${latency},0.0001,200,${(i / 100).toFixed(4)}`);
  }
  return `${rows.join('\n')}\n`;
}

const SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-latency
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
    - op: lt
      value: 300
      target: 0.99
`;

describe('report.html and SLO error budgets', () => {
  it('shows the worked example before and after, linked to its OpenSLO document', async () => {
    const c = await freshCycle();
    await mkdir(path.join(c.dir, 'loadtests'));
    await mkdir(path.join(c.dir, 'slos'));
    await writeFile(path.join(c.dir, 'loadtests/before.csv'), heyCsv(10_000, 45));
    await writeFile(path.join(c.dir, 'loadtests/after.csv'), heyCsv(10_000, 115));
    const file = path.join(c.dir, 'load-test-results.json');
    const results = JSON.parse(await readFile(file, 'utf8'));
    for (const [id, csv] of [
      ['checkout-base', 'loadtests/before.csv'],
      ['checkout-after', 'loadtests/after.csv'],
    ])
      results.runs.find((r: { id: string }) => r.id === id).source_file = csv;
    await writeFile(file, JSON.stringify(results, null, 2));
    await writeFile(path.join(c.dir, 'slos/checkout-latency.yaml'), SLO);
    expect((await runCli(reportArgs(c))).code).toBeLessThan(2);
    const html = await readFile(path.join(c.dir, 'report.html'), 'utf8');
    const row = html.slice(html.indexOf('data-slo-budget="checkout-latency"'));
    expect(row).toContain('99 % of requests lt 300 ms over 30d');
    expect(row).toContain('href="slos/checkout-latency.yaml"');
    expect(row).toContain('0.45 % bad (45 of 10000 requests): 45 % of the 30d budget, burn rate 0.45');
    expect(row).toMatch(/class="delta-bad">1\.15 % bad \(115 of 10000 requests\): 115 % of the 30d budget/);
    expect(row).toContain('exhausted on day 26');
  });

  it('has no SLO budget section for a cycle without OpenSLO documents', async () => {
    const c = await freshCycle();
    expect((await runCli(reportArgs(c))).code).toBe(0);
    expect(await readFile(path.join(c.dir, 'report.html'), 'utf8')).not.toContain('id="slo-budgets"');
  });
});
