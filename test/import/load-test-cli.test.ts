/**
 * `perfgate import load-test` through the real CLI: every refusal names the file (and line when
 * there is one), exits non-zero and leaves load-test-results.json byte-identical with no raw copy.
 */
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, STACK_TRACE } from '../helpers/cli.ts';

const DIR = path.join(FIXTURES, 'import/load-test');
const DEMO = path.resolve(import.meta.dirname, '../../.artifacts/protocol-18');
const JTL = path.join(DIR, 'jmeter/HTMLReportTestFile.csv');
const LOCUST = path.join(DIR, 'locust/llm-inference_stats.csv');
const K6_EXPORT = path.join(DIR, 'k6/summary-export.json');
const K6_NDJSON = path.join(DIR, 'k6/out-json-tail.ndjson');

let tmp: string;
let cycle: string;
const RUN = [
  '--service',
  'checkout-api',
  '--scenario',
  'checkout-peak',
  '--kind',
  'load',
  '--phase',
  'after',
];

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'perfgate-import-'));
  cycle = path.join(tmp, 'cycle');
  await cp(DEMO, cycle, { recursive: true });
});

async function file(name: string, text: string | Buffer): Promise<string> {
  const p = path.join(tmp, name);
  await writeFile(p, text);
  return p;
}

/** Runs a refused import and checks that nothing changed. */
async function refused(args: string[], code: number, ...expected: (string | RegExp)[]): Promise<string> {
  const before = await readFile(path.join(cycle, 'load-test-results.json'));
  const raw = (await readdir(path.join(cycle, 'loadtests'))).sort();
  const run = await runCli(['import', 'load-test', ...args, '--artifacts', cycle]);
  expect(run.code, run.stderr).toBe(code);
  for (const e of expected) expect(run.stderr).toMatch(e);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(await readFile(path.join(cycle, 'load-test-results.json'))).toEqual(before);
  expect((await readdir(path.join(cycle, 'loadtests'))).sort()).toEqual(raw);
  return run.stderr;
}

describe('perfgate import load-test: refusals change nothing', () => {
  it('an unrecognised file, listing the formats', async () => {
    const readme = path.join(DIR, 'jmeter/README.md');
    await refused(
      [readme, ...RUN],
      1,
      `${readme}:1: Unrecognised load-test output`,
      /k6-summary-export .*hey-csv/s,
    );
  });

  it('a truncated JTL, naming the line', async () => {
    const text = await readFile(JTL, 'utf8');
    const cut = await file('cut.jtl', text.slice(0, text.length - 40));
    const lines = text.slice(0, text.length - 40).split('\n').length;
    await refused([cut, ...RUN, '--concurrency', '1'], 1, new RegExp(`cut\\.jtl:${lines}: Unexpected`));
  });

  it('a truncated k6 summary, naming the line', async () => {
    const text = await readFile(K6_EXPORT, 'utf8');
    const cut = await file('cut.json', text.slice(0, 3000));
    await refused([cut, ...RUN, '--started-at', '2026-11-09T09:00:00Z'], 1, /cut\.json:\d+: /);
  });

  it('a truncated k6 NDJSON, naming the last line', async () => {
    const text = await readFile(K6_NDJSON, 'utf8');
    const cut = await file('cut.ndjson', text.slice(0, text.length - 30));
    await refused([cut, ...RUN], 1, 'cut.ndjson:12: Unexpected line');
  });

  it('a file of another tool given with --format', async () => {
    await refused(
      [LOCUST, ...RUN, '--format', 'jmeter-jtl'],
      1,
      `${LOCUST}:1: Unexpected Locust --csv *_stats.csv content, but --format jmeter-jtl was given`,
    );
  });

  it('an unknown --format', async () => {
    await refused([LOCUST, ...RUN, '--format', 'gatling'], 1, 'Unknown --format "gatling"');
  });

  it('a CSV with a missing column', async () => {
    const text = (await readFile(LOCUST, 'utf8')).replace('Requests/s,', 'Requests per second,');
    const p = await file('renamed_stats.csv', text);
    await refused(
      [p, ...RUN, '--started-at', '2026-11-09T09:00:00Z', '--concurrency', '8'],
      1,
      'renamed_stats.csv:1: Missing column `Requests/s`',
    );
  });

  it('files of two tools as one run', async () => {
    await refused(
      [JTL, K6_NDJSON, ...RUN],
      1,
      `${K6_NDJSON}: Unexpected k6 --out json (NDJSON points) among JMeter JTL`,
    );
  });

  it('an unknown service', async () => {
    await refused(
      [JTL, '--service', 'billing', '--scenario', 's', '--kind', 'load', '--phase', 'after'],
      1,
      'Unknown service `billing`',
    );
  });

  it('a run id that exists, without --replace', async () => {
    await refused(
      [JTL, ...RUN, '--id', 'checkout-after-load'],
      1,
      'Run `checkout-after-load` already exists',
      '--replace',
    );
  });

  it('a summary without a start time and no --started-at', async () => {
    await refused([LOCUST, ...RUN, '--concurrency', '8'], 1, `${LOCUST}: Missing start time`, '--started-at');
  });

  it('a JSON summary too large to be a summary', async () => {
    const huge = await file(
      'huge.json',
      Buffer.concat([
        Buffer.from('{"root_group":{},"metrics":{},"x":"'),
        Buffer.alloc(33 * 1024 * 1024, 97),
        Buffer.from('"}'),
      ]),
    );
    await refused(
      [huge, ...RUN, '--started-at', '2026-11-09T09:00:00Z'],
      1,
      /huge\.json: Unexpected size \d+ bytes/,
    );
  });

  it('several summaries without --replicates, with a hint to pass it', async () => {
    await refused(
      [K6_EXPORT, K6_EXPORT, ...RUN, '--started-at', '2026-11-09T09:00:00Z'],
      1,
      'Pass --replicates to import each summary as its own run',
    );
  });

  it('replicates of two tools, or a --started-at count that is not one per file', async () => {
    await refused(
      [K6_EXPORT, LOCUST, ...RUN, '--replicates', '--concurrency', '8'],
      1,
      'Unexpected Locust --csv *_stats.csv among k6 --summary-export JSON files: the replicates of one scenario come from one tool',
    );
    await refused(
      [K6_EXPORT, K6_EXPORT, ...RUN, '--replicates', '--started-at', '2026-11-09T09:00:00Z'],
      2, // a flag that does not fit, like a bad --concurrency
      'Unexpected 1 --started-at for 2 runs',
      'once per file (2), in the order of the files',
    );
  });

  it('a missing input file (exit 2)', async () => {
    await refused([path.join(tmp, 'nope.jtl'), ...RUN], 2, 'nope.jtl: File not found');
  });
});

describe('perfgate import load-test: adding and replacing', () => {
  it('adds a run with the raw file copied to loadtests/, then replaces it only with --replace', async () => {
    const before = JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8'));
    const run = await runCli([
      'import',
      'load-test',
      JTL,
      ...RUN,
      '--id',
      'jtl-after',
      '--artifacts',
      cycle,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json();
    expect(out.written).toEqual(['loadtests/jtl-after.jtl', 'load-test-results.json']);
    expect(await readFile(path.join(cycle, 'loadtests/jtl-after.jtl'))).toEqual(await readFile(JTL));
    const after = JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8'));
    expect(after.runs.slice(0, -1)).toEqual(before.runs);
    const added = after.runs.at(-1);
    expect(added).toMatchObject({
      id: 'jtl-after',
      source_file: 'loadtests/jtl-after.jtl',
      tool: 'jmeter',
      peak_concurrency: 1,
    });
    // The other runs keep their bytes' meaning; the cycle still validates.
    const valid = await runCli(['validate', '--artifacts', cycle, '--json']);
    expect(
      valid
        .json()
        .diagnostics.filter(
          (d: { file: string; severity: string }) =>
            d.file === 'load-test-results.json' && d.severity === 'error',
        ),
    ).toEqual([]);

    const replaced = await runCli([
      'import',
      'load-test',
      K6_EXPORT,
      ...RUN,
      '--id',
      'jtl-after',
      '--replace',
      '--started-at',
      '2026-11-09T09:00:00Z',
      '--artifacts',
      cycle,
    ]);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain("k6 threshold http_req_duration 'p(95)<3000': FAILED");
    const again = JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8'));
    expect(again.runs.length).toBe(after.runs.length);
    expect(again.runs.at(-1)).toMatchObject({
      id: 'jtl-after',
      source_file: 'loadtests/jtl-after.json',
      requests: 20144,
    });
    // The file's own tool is k6: a run of the same tool carries no `tool` of its own.
    expect(again.runs.at(-1).tool).toBeUndefined();
  });

  it('says which values the tool did not report', async () => {
    const run = await runCli([
      'import',
      'load-test',
      path.join(DIR, 'k6/handle-summary.json'),
      ...RUN,
      '--id',
      'k6-hs',
      '--started-at',
      '2026-11-09T09:00:00Z',
      '--artifacts',
      cycle,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('not reported by k6: latency_ms.p90, errors');
    expect(run.stdout).toContain('from your flags (the file lacks them): started_at');
  });

  it('imports several summaries as replicates with --replicates: <id>-1, <id>-2, all or nothing', async () => {
    const starts = ['--started-at', '2026-11-09T09:00:00Z', '--started-at', '2026-11-09T09:10:00Z'];
    const run = await runCli([
      'import',
      'load-test',
      K6_EXPORT,
      K6_EXPORT,
      ...RUN,
      '--replicates',
      '--id',
      'k6-rep',
      '--endpoint',
      'POST /v1/checkout',
      ...starts,
      '--artifacts',
      cycle,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json();
    expect(
      out.runs.map((r: { id: string; started_at: string; endpoint: string; source_file: string }) => [
        r.id,
        r.started_at,
        r.endpoint,
        r.source_file,
      ]),
    ).toEqual([
      ['k6-rep-1', '2026-11-09T09:00:00Z', 'POST /v1/checkout', 'loadtests/k6-rep-1.json'],
      ['k6-rep-2', '2026-11-09T09:10:00Z', 'POST /v1/checkout', 'loadtests/k6-rep-2.json'],
    ]);
    expect(out.run).toBeUndefined();
    const results = JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8'));
    expect(results.runs.slice(-2).map((r: { id: string }) => r.id)).toEqual(['k6-rep-1', 'k6-rep-2']);
    expect(await readdir(path.join(cycle, 'loadtests'))).toEqual(
      expect.arrayContaining(['k6-rep-1.json', 'k6-rep-2.json']),
    );
    // An existing replicate id refuses the whole import: nothing of it is written.
    await refused(
      [
        K6_EXPORT,
        K6_EXPORT,
        K6_EXPORT,
        ...RUN,
        '--replicates',
        '--id',
        'k6-rep',
        ...starts,
        '--started-at',
        '2026-11-09T09:20:00Z',
      ],
      1,
      'Run `k6-rep-1` already exists',
    );
  });
});
