/**
 * Raw-sample formats: JMeter JTL and k6 NDJSON from real public files, hey run here against a
 * local server. Every expected number is computed in the test from the raw rows (sort + nearest rank).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLoadTest } from '../../src/core/import/load-test/index.ts';
import { FIXTURES } from '../helpers/cli.ts';
import { targetServer, type TargetServer } from '../helpers/target-server.ts';
import { nearestRank, plainCsv } from './load-test-oracle.ts';

const DIR = path.join(FIXTURES, 'import/load-test');
const input = (rel: string) => ({ name: rel, path: path.join(DIR, rel) });
const PS = [50, 90, 95, 99, 100] as const;

describe('JMeter JTL (apache/jmeter report-generator test files)', () => {
  it('gives exact nearest-rank percentiles, errors by response code and the span from first start to last end', async () => {
    const rows = plainCsv(await readFile(path.join(DIR, 'jmeter/HTMLReportTestFile.csv'), 'utf8'));
    const elapsed = rows.map((r) => Number(r.elapsed));
    const starts = rows.map((r) => Number(r.timeStamp));
    const ends = rows.map((r) => Number(r.timeStamp) + Number(r.elapsed));
    const failed = rows.filter((r) => r.success === 'false');
    const { importer, result } = await readLoadTest([input('jmeter/HTMLReportTestFile.csv')], undefined, {});
    expect(importer.id).toBe('jmeter-jtl');
    const v = result.values;
    expect(v.requests).toBe(rows.length);
    const [p50, p90, p95, p99, max] = PS.map((p) => nearestRank(elapsed, p));
    expect(v.latency_ms).toEqual({ p50, p90, p95, p99, max });
    expect(v.error_rate_pct).toBeCloseTo((failed.length / rows.length) * 100, 6);
    expect(v.errors).toEqual({ http_400: failed.length });
    const span = (Math.max(...ends) - Math.min(...starts)) / 1000;
    expect(v.duration_s).toBeCloseTo(span, 6);
    expect(v.throughput_rps).toBeCloseTo(rows.length / span, 5);
    expect(v.started_at).toBe(new Date(Math.min(...starts)).toISOString());
    expect(v.peak_concurrency).toBe(Math.max(...rows.map((r) => Number(r.allThreads))));
  });

  it('merges split JTL files into one run, even when their columns differ', async () => {
    const a = plainCsv(await readFile(path.join(DIR, 'jmeter/HTMLReportTestFile.csv'), 'utf8'));
    const b = plainCsv(await readFile(path.join(DIR, 'jmeter/HTMLReportFalseTestFile.csv'), 'utf8'));
    const all = [...a, ...b];
    const { result } = await readLoadTest(
      [input('jmeter/HTMLReportTestFile.csv'), input('jmeter/HTMLReportFalseTestFile.csv')],
      undefined,
      {},
    );
    expect(result.values.requests).toBe(all.length);
    expect(result.values.latency_ms.p99).toBe(
      nearestRank(
        all.map((r) => Number(r.elapsed)),
        99,
      ),
    );
    const failed = all.filter((r) => r.success === 'false').length;
    expect(result.values.error_rate_pct).toBeCloseTo((failed / all.length) * 100, 6);
    // The second file has no responseCode column: its failures have no HTTP status to name.
    expect(result.values.errors).toEqual({
      http_400: a.filter((r) => r.success === 'false').length,
      no_response: b.length,
    });
  });

  it('keeps one label with --endpoint', async () => {
    const rows = plainCsv(await readFile(path.join(DIR, 'jmeter/HTMLReportTestFile.csv'), 'utf8')).filter(
      (r) => r.label === 'JR-OK',
    );
    const { result } = await readLoadTest([input('jmeter/HTMLReportTestFile.csv')], 'jmeter-jtl', {
      endpoint: 'JR-OK',
    });
    expect(result.values.requests).toBe(rows.length);
    expect(result.values.error_rate_pct).toBe(0);
    expect(result.values.latency_ms.p95).toBe(
      nearestRank(
        rows.map((r) => Number(r.elapsed)),
        95,
      ),
    );
  });
});

describe('k6 --out json NDJSON (centminmod/k6-benchmarking)', () => {
  it('counts each http_req_duration point as a request ending at its time', async () => {
    const lines = (await readFile(path.join(DIR, 'k6/out-json-tail.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const points = lines.filter((l) => l.type === 'Point' && l.metric === 'http_req_duration');
    expect(points.length).toBe(1);
    const value = points[0].data.value as number;
    const { importer, result } = await readLoadTest([input('k6/out-json-tail.ndjson')], undefined, {});
    expect(importer.id).toBe('k6-ndjson');
    expect(result.values.requests).toBe(1);
    expect(result.values.latency_ms).toEqual({ p50: value, p90: value, p95: value, p99: value, max: value });
    expect(result.values.error_rate_pct).toBe(0);
    // 2022-10-11T03:29:03.911611709Z minus 0.184015 ms
    expect(result.values.started_at).toBe('2022-10-11T03:29:03.911Z');
    expect(result.values.duration_s).toBeCloseTo(value / 1000, 9);
  });
});

describe('hey -o csv, run against a local server', () => {
  let server: TargetServer;
  // Every 7th request fails, so the error rate and the error types are observable.
  beforeAll(async () => (server = await targetServer(7)));
  afterAll(() => server.close());

  it('imports what hey measured: percentiles, errors, duration from the offsets', async () => {
    const { stdout } = await promisify(execFile)('hey', ['-n', '200', '-c', '4', '-o', 'csv', server.url]);
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'perfgate-hey-')), 'hey.csv');
    await writeFile(file, stdout);
    const rows = plainCsv(stdout);
    expect(rows.length).toBe(200);
    const secs = rows.map((r) => Number(r['response-time']));
    const { importer, result } = await readLoadTest([{ name: 'hey.csv', path: file }], undefined, {});
    expect(importer.id).toBe('hey-csv');
    const v = result.values;
    expect(v.requests).toBe(200);
    for (const [i, p] of PS.entries()) {
      const key = (['p50', 'p90', 'p95', 'p99', 'max'] as const)[i]!;
      expect(v.latency_ms[key]).toBeCloseTo(nearestRank(secs, p) * 1000, 9);
    }
    expect(server.unavailable).toBe(Math.floor(200 / 7));
    expect(v.errors).toEqual({ http_503: server.unavailable });
    expect(v.error_rate_pct).toBeCloseTo((server.unavailable / 200) * 100, 6);
    const start = Math.min(...rows.map((r) => Number(r.offset)));
    const end = Math.max(...rows.map((r) => Number(r.offset) + Number(r['response-time'])));
    expect(v.duration_s).toBeCloseTo(end - start, 6);
    // hey writes no wall-clock time and no concurrency: left to --started-at and --concurrency.
    expect(v.started_at).toBeUndefined();
    expect(v.peak_concurrency).toBeUndefined();
  });
});
