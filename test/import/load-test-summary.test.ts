/**
 * Summary formats: the numbers are the tool's own. k6 and Locust files are real outputs from public
 * repositories; autocannon runs here against a local server. Expected values are read from the
 * fixture in the test (the tool's own fields) or counted by the server.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLoadTest } from '../../src/core/import/load-test/index.ts';
import { FIXTURES } from '../helpers/cli.ts';
import { targetServer, type TargetServer } from '../helpers/target-server.ts';
import { plainCsv } from './load-test-oracle.ts';

const DIR = path.join(FIXTURES, 'import/load-test');
const input = (rel: string) => ({ name: rel, path: path.join(DIR, rel) });
const json = async (rel: string) => JSON.parse(await readFile(path.join(DIR, rel), 'utf8'));

describe('k6 summaries', () => {
  it('--summary-export: the trend in ms, failed rate, count/rate, and `true` thresholds reported as FAILED', async () => {
    const m = (await json('k6/summary-export.json')).metrics;
    const { importer, result } = await readLoadTest([input('k6/summary-export.json')], undefined, {});
    expect(importer.id).toBe('k6-summary-export');
    const d = m.http_req_duration;
    expect(result.values.latency_ms).toEqual({
      p50: d.med,
      p90: d['p(90)'],
      p95: d['p(95)'],
      p99: d['p(99)'],
      max: d.max,
    });
    expect(result.values.requests).toBe(m.http_reqs.count);
    expect(result.values.throughput_rps).toBe(m.http_reqs.rate);
    expect(result.values.error_rate_pct).toBeCloseTo(m.http_req_failed.value * 100, 6);
    expect(result.values.duration_s).toBeCloseTo(m.http_reqs.count / m.http_reqs.rate, 6);
    expect(result.values.peak_concurrency).toBe(m.vus_max.max);
    expect(result.values.started_at).toBeUndefined();
    expect(result.notes).toEqual([
      "k6 threshold http_req_duration 'p(95)<3000': FAILED",
      "k6 threshold http_req_failed 'rate<0.05': FAILED",
    ]);
  });

  it('handleSummary data: values under `values`, duration from state, thresholds {ok}', async () => {
    const doc = await json('k6/handle-summary.json');
    const v = doc.metrics.http_req_duration.values;
    const { importer, result } = await readLoadTest([input('k6/handle-summary.json')], undefined, {});
    expect(importer.id).toBe('k6-handle-summary');
    // summaryTrendStats of that run had no p(90): it stays absent, never interpolated.
    expect(result.values.latency_ms).toEqual({ p50: v.med, p95: v['p(95)'], p99: v['p(99)'], max: v.max });
    expect(result.values.requests).toBe(doc.metrics.http_reqs.values.count);
    expect(result.values.duration_s).toBe(doc.state.testRunDurationMs / 1000);
    expect(result.values.error_rate_pct).toBe(0);
    expect(result.values.peak_concurrency).toBe(doc.metrics.vus_max.values.max);
    expect(result.notes).toEqual([
      "k6 threshold http_req_duration 'avg<150': passed",
      "k6 threshold http_req_duration 'p(95)<500': passed",
    ]);
  });
});

describe('Locust *_stats.csv', () => {
  it('reads the Aggregated row: rounded percentiles as Locust wrote them, exact max, failures / requests', async () => {
    const agg = plainCsv(await readFile(path.join(DIR, 'locust/llm-inference_stats.csv'), 'utf8')).find(
      (r) => r.Name === 'Aggregated',
    )!;
    const { importer, result } = await readLoadTest([input('locust/llm-inference_stats.csv')], undefined, {});
    expect(importer.id).toBe('locust-stats');
    expect(result.values.latency_ms).toEqual({
      p50: Number(agg['50%']),
      p90: Number(agg['90%']),
      p95: Number(agg['95%']),
      p99: Number(agg['99%']),
      max: Number(agg['Max Response Time']),
    });
    expect(result.values.requests).toBe(608);
    expect(result.values.throughput_rps).toBe(Number(agg['Requests/s']));
    expect(result.values.error_rate_pct).toBe(0);
    expect(result.values.duration_s).toBeCloseTo(608 / Number(agg['Requests/s']), 6);
    expect(result.values.started_at).toBeUndefined();
    expect(result.values.peak_concurrency).toBeUndefined();
  });

  it('reads one endpoint with --endpoint, and a run where everything failed', async () => {
    const { result } = await readLoadTest([input('locust/llm-inference_stats.csv')], undefined, {
      endpoint: 'TTFT',
    });
    expect(result.values.requests).toBe(228);
    expect(result.values.latency_ms.p99).toBe(94000);
    const all = await readLoadTest([input('locust/locust-scenario_example_stats.csv')], undefined, {});
    expect(all.result.values.requests).toBe(881);
    expect(all.result.values.error_rate_pct).toBe(100);
  });
});

describe('autocannon --json, run against a local server', () => {
  let server: TargetServer;
  beforeAll(async () => (server = await targetServer(9)));
  afterAll(() => server.close());

  it('imports the tool numbers; p95 is absent (p97_5 is not a p95)', async () => {
    const bin = path.resolve(import.meta.dirname, '../../node_modules/.bin/autocannon');
    const { stdout } = await promisify(execFile)(bin, ['-a', '180', '-c', '3', '--json', server.url]);
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'perfgate-ac-')), 'ac.json');
    await writeFile(file, stdout);
    const out = JSON.parse(stdout);
    const { importer, result } = await readLoadTest([{ name: 'ac.json', path: file }], undefined, {});
    expect(importer.id).toBe('autocannon');
    const v = result.values;
    expect(v.latency_ms).toEqual({
      p50: out.latency.p50,
      p90: out.latency.p90,
      p99: out.latency.p99,
      max: out.latency.max,
    });
    expect(v.latency_ms).not.toHaveProperty('p95');
    expect(server.served).toBe(180);
    expect(v.requests).toBe(180);
    expect(v.errors).toEqual({ http_503: server.unavailable });
    expect(v.error_rate_pct).toBeCloseTo((server.unavailable / 180) * 100, 6);
    expect(v.started_at).toBe(new Date(out.start).toISOString().replace('.000Z', 'Z'));
    expect(v.duration_s).toBe(out.duration);
    expect(v.peak_concurrency).toBe(3);
  });
});
