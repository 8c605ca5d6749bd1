/**
 * Issue 23's story, end to end: a team measures a real local server with a real load tool (hey,
 * three runs per phase), imports the runs with `--replicates`, and writes the validation report.
 * A typed number that its runs and baseline row contradict (the 59 -> 590 edit) fails validation
 * naming the runs and their values; a reference reads the runs' number; a reference to a missing
 * run fails. Expected values come from the imported load-test-results.json (the tool's samples),
 * never from perfgate's evaluation.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS } from '../../src/core/artifacts.ts';
import { fillScaffold as fill } from '../helpers/fill-scaffold.ts';
import { FIXTURES, runCli, STACK_TRACE } from '../helpers/cli.ts';
import { targetServer, type TargetServer } from '../helpers/target-server.ts';

let root: string;
let dir: string;
let server: TargetServer;
interface Run {
  id: string;
  phase: string;
  endpoint?: string;
  latency_ms: { p95: number };
}
let runs: Run[];

const hey = async (url: string) =>
  (await promisify(execFile)('hey', ['-n', '60', '-c', '3', '-m', 'POST', '-o', 'csv', url])).stdout;

/** Imports three hey runs of one phase in one command (--replicates), one start time per file. */
async function importPhase(phase: 'baseline' | 'after'): Promise<void> {
  const files: string[] = [];
  const starts: string[] = [];
  for (let k = 1; k <= 3; k++) {
    starts.push('--started-at', `2026-12-0${phase === 'baseline' ? 1 : 2}T10:0${k}:00Z`);
    const f = path.join(root, `${phase}-${k}.csv`);
    await writeFile(f, await hey(server.url));
    files.push(f);
  }
  const args = ['import', 'load-test', ...files, '--replicates', '--id', `checkout-${phase}`];
  args.push('--service', 'checkout-api', '--scenario', 'place-order', '--kind', 'load', '--phase', phase);
  args.push('--endpoint', 'POST /v1/checkout', '--concurrency', '3', ...starts, '--artifacts', dir);
  if (phase === 'baseline') args.push('--environment', 'local');
  const r = await runCli(args);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain(
    `reference them as {"runs": ["checkout-${phase}-1", "checkout-${phase}-2", "checkout-${phase}-3"]}`,
  );
}

async function writeReport(before: unknown, after: unknown): Promise<void> {
  const report = {
    validated_at: '2026-12-02T12:00:00Z',
    environment: 'local',
    targets: [{ service: 'checkout-api', kpi: 'latency_p95_ms', task: 'OPT-1', before, after }],
  };
  await writeFile(path.join(dir, 'optimization-validation-report.json'), JSON.stringify(report, null, 2));
}

const CONFIG = ['--config', path.join(FIXTURES, 'defaults.yaml')];
const validate = () => runCli(['validate', '--artifacts', dir, ...CONFIG, '--json']);
const gate3 = () =>
  runCli([
    'gates',
    '--artifacts',
    dir,
    '--gate',
    'optimization',
    ...CONFIG,
    '--as-of',
    '2026-12-03T00:00:00Z',
    '--json',
  ]);

beforeAll(async () => {
  server = await targetServer();
  root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-evidence-tie-'));
  dir = path.join(root, 'protocol-18');
  expect((await runCli(['init', dir])).code).toBe(0);
  for (const spec of ARTIFACTS.filter((a) => a.required)) {
    const p = path.join(dir, spec.path);
    await writeFile(p, fill(await readFile(p, 'utf8'), spec.format === 'json'));
  }
  await rm(path.join(dir, 'load-test-results.json'));
  await writeFile(
    path.join(dir, 'diagnostics', 'checkout-api-cpu.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
  );
  await mkdir(path.join(root, 'protocol-15'));
  await writeFile(path.join(root, 'protocol-15', 'DEPLOYMENT-REPORT.md'), '# Deployment\n');
  await mkdir(path.join(root, 'protocol-16'));
  await writeFile(path.join(root, 'protocol-16', 'OBSERVABILITY-BASELINE.md'), '# Baseline\n');
  await importPhase('baseline');
  await importPhase('after');
  runs = JSON.parse(await readFile(path.join(dir, 'load-test-results.json'), 'utf8')).runs;
  // The baseline row says what the first baseline run says, as the team's APM export did.
  const csv = path.join(dir, 'baseline-metrics.csv');
  const lines = (await readFile(csv, 'utf8')).split('\n');
  const header = lines[1]!.split(',');
  const cells = lines[2]!.split(',');
  cells[header.indexOf('latency_p95_ms')] = String(runs[0]!.latency_ms.p95);
  lines[2] = cells.join(',');
  await writeFile(csv, lines.join('\n'));
}, 120_000);

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('numbers tied to their evidence (issue 23)', () => {
  it('imports the replicates as three runs each, with the endpoint recorded', () => {
    expect(runs.map((r) => [r.id, r.phase, r.endpoint])).toEqual([
      ['checkout-baseline-1', 'baseline', 'POST /v1/checkout'],
      ['checkout-baseline-2', 'baseline', 'POST /v1/checkout'],
      ['checkout-baseline-3', 'baseline', 'POST /v1/checkout'],
      ['checkout-after-1', 'after', 'POST /v1/checkout'],
      ['checkout-after-2', 'after', 'POST /v1/checkout'],
      ['checkout-after-3', 'after', 'POST /v1/checkout'],
    ]);
  });

  it('fails validation when a typed before is ten times what the runs and the baseline say, naming them', async () => {
    const v = runs[0]!.latency_ms.p95;
    const after = runs[3]!.latency_ms.p95;
    await writeReport(v, after);
    const agreed = await validate();
    expect(agreed.code, agreed.stdout).toBe(0);
    expect(agreed.json().diagnostics.map((d: { code: string }) => d.code)).toContain('kpi.typed-agrees');

    await writeReport(v * 10, after);
    const edited = await validate();
    expect(edited.code).toBe(1);
    expect(edited.stderr).not.toMatch(STACK_TRACE);
    const d = edited
      .json()
      .diagnostics.find((x: { code: string }) => x.code === 'kpi.disagrees-with-evidence');
    expect(d).toMatchObject({ file: 'optimization-validation-report.json', pointer: '/targets/0/before' });
    const p95 = runs.slice(0, 3).map((r) => r.latency_ms.p95);
    expect(d.message).toContain(
      `Unexpected before ${v * 10} for checkout-api latency_p95_ms: the evidence of its service, phase and KPI reports other values: run checkout-baseline-1 ${p95[0]}, run checkout-baseline-2 ${p95[1]}, run checkout-baseline-3 ${p95[2]}, baseline-metrics.csv row 1`,
    );
    expect(d.hint).toContain('"before": {"runs": ["checkout-baseline-1"]}');
    // And the gates refuse to decide on it.
    const g3 = (await gate3()).json().gates[0];
    expect(g3.criteria.find((c: { id: string }) => c.id === 'kpi_improvement').status).toBe('not_evaluable');
  });

  it('reads a referenced target from its runs: the median of the replicates, with the interval', async () => {
    const ids = (phase: string) => runs.filter((r) => r.phase === phase).map((r) => r.id);
    await writeReport({ runs: ids('baseline') }, { runs: ids('after') });
    const v = await validate();
    expect(v.code, v.stdout).toBe(0);
    const delta = (await gate3()).json().deltas.kpis[0];
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const p95 = (phase: string) => runs.filter((r) => r.phase === phase).map((r) => r.latency_ms.p95);
    expect(delta.before).toBe(median(p95('baseline')));
    expect(delta.after).toBe(median(p95('after')));
    expect(delta.sources.before).toMatchObject({
      kind: 'runs',
      files: expect.arrayContaining(['loadtests/checkout-baseline-1.csv']),
    });
    // Welch needs some spread between the runs on one side at least (real runs nearly always have it).
    const spread = new Set(p95('baseline')).size > 1 || new Set(p95('after')).size > 1;
    if (spread) expect(delta.stats).toMatchObject({ method: 'welch-log', n_before: 3, n_after: 3 });
    else expect(delta.stats).toBeUndefined();
  });

  it('fails validation for a reference to a run that does not exist', async () => {
    await writeReport({ runs: ['checkout-baseline-1', 'checkout-baseline-4'] }, 5);
    const v = await validate();
    expect(v.code).toBe(1);
    const d = v.json().diagnostics.find((x: { code: string }) => x.code === 'ref.unknown-run');
    expect(d).toMatchObject({ pointer: '/targets/0/before/runs/1' });
    expect(d.message).toContain('run `checkout-baseline-4`');
  });
});
