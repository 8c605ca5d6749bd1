/**
 * An import produces only what `perfgate validate` accepts: the new load-test-results.json goes
 * through the strict JSON parse and the schema before it replaces the old one, an error type that
 * the strict rules forbid as a key is mapped at the source, and sample times that no RFC 3339 date
 * can write are refused naming the file and line (never an internal error).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRun, ImportRejected } from '../../src/core/import/load-test/apply.ts';
import { jmeterJtl } from '../../src/core/import/load-test/jmeter-jtl.ts';
import type { LoadTestRun } from '../../src/core/types/artifacts.generated.ts';
import { snapshot } from '../hostile/cases.ts';
import { copyFixture, runCli, STACK_TRACE } from '../helpers/cli.ts';

const LOAD = ['--service', 'checkout-api', '--scenario', 'peak', '--kind', 'load', '--phase', 'after'];
const HEADER = 'timeStamp,elapsed,label,responseCode,success,allThreads\n';

let root: string;
let cycle: string;
beforeEach(async () => {
  root = await copyFixture('valid');
  cycle = path.join(root, 'protocol-18');
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function jtl(name: string, rows: string): Promise<string> {
  const p = path.join(root, name);
  await writeFile(p, HEADER + rows);
  return p;
}

describe('error types that the strict JSON rules forbid as keys', () => {
  it('maps response codes `constructor`, `prototype` and `__proto__` to keys validate accepts', async () => {
    // Hand-worked: 4 samples, 3 failed (one per hostile code), started 2019-03-05T10:20:27.191Z.
    const file = await jtl(
      'hostile-codes.jtl',
      [
        '1551781227191,100,a,200,true,1',
        '1551781227291,200,a,constructor,false,1',
        '1551781227391,300,a,prototype,false,1',
        '1551781227491,400,a,__proto__,false,1',
      ].join('\n') + '\n',
    );
    const r = await runCli(['import', 'load-test', file, ...LOAD, '--id', 'codes', '--artifacts', cycle]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8'));
    const run = doc.runs.find((x: { id: string }) => x.id === 'codes');
    // `__proto__` slugs to `proto` (the slug drops leading and trailing `_`), already a safe key.
    expect(run.errors).toEqual({ code_constructor: 1, code_prototype: 1, proto: 1 });
    expect(run.error_rate_pct).toBe(75);
    const v = await runCli(['validate', '--artifacts', cycle, '--json']);
    const onResults = v
      .json()
      .diagnostics.filter((d: { file: string; severity: string }) => d.file === 'load-test-results.json');
    expect(onResults).toEqual([]);
    // A later import is not blocked.
    const again = await runCli([
      'import',
      'load-test',
      file,
      ...LOAD,
      '--id',
      'codes-2',
      '--artifacts',
      cycle,
    ]);
    expect(again.code, again.stderr).toBe(0);
  });

  it('refuses, before writing, a run whose JSON the strict parser would reject', async () => {
    const before = await snapshot(root);
    const run = {
      id: 'bad-keys',
      service: 'checkout-api',
      scenario: 'peak',
      phase: 'after',
      kind: 'load',
      started_at: '2026-11-15T10:00:00Z',
      duration_s: 10,
      peak_concurrency: 1,
      requests: 10,
      throughput_rps: 1,
      latency_ms: { p50: 1 },
      error_rate_pct: 10,
      errors: JSON.parse('{"constructor": 1}') as Record<string, number>,
    } as LoadTestRun;
    const files = [{ name: 'x.jtl', path: path.join(root, 'x.jtl') }];
    await writeFile(files[0]!.path, HEADER);
    const refused = await applyRun({ dir: cycle, files, importer: jmeterJtl, run, replace: false }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ImportRejected);
    const d = (refused as ImportRejected).diagnostics;
    expect(d.map((x) => [x.code, x.file, x.pointer])).toContainEqual([
      'json.forbidden-key',
      'load-test-results.json',
      '/runs/3/errors/constructor',
    ]);
    await rm(files[0]!.path);
    expect(await snapshot(root)).toEqual(before);
  });
});

describe('sample times outside the years 0001-9999', () => {
  async function refusedImport(file: string, where: string, message: string, hint: string) {
    const before = await snapshot(root);
    const r = await runCli([
      'import',
      'load-test',
      file,
      ...LOAD,
      '--concurrency',
      '1',
      '--artifacts',
      cycle,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`perfgate: ${where}: ${message}`);
    expect(r.stderr).toContain(`  hint: ${hint}`);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toContain('internal error');
    expect(await snapshot(root)).toEqual(before);
  }

  it('a JTL timeStamp of 1e20, naming its line', async () => {
    const file = await jtl('far.jtl', '1e20,100,a,200,true,1\n');
    await refusedImport(
      file,
      `${file}:2`,
      'Unexpected `timeStamp` 1e20, expected epoch milliseconds in the years 0001-9999',
      'JMeter writes the sample start as milliseconds since 1970',
    );
  });

  it('a k6 NDJSON duration that would start the request before the year 0001', async () => {
    const file = path.join(root, 'far.ndjson');
    const point = (time: string, value: number) =>
      JSON.stringify({
        metric: 'http_req_duration',
        type: 'Point',
        data: { time, value, tags: { status: '200' } },
      });
    await writeFile(
      file,
      [
        JSON.stringify({ type: 'Metric', data: { name: 'http_req_duration' }, metric: 'http_req_duration' }),
        point('2026-11-15T10:00:00Z', 12),
        point('2026-11-15T10:00:01Z', 1e20),
      ].join('\n') + '\n',
    );
    await refusedImport(
      file,
      `${file}:3`,
      'Unexpected http_req_duration value 100000000000000000000 ms',
      'The line is damaged',
    );
  });
});
