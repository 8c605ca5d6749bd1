/** `perfgate init` -> fill the scaffold -> `perfgate import load-test` -> `perfgate gates`, end to end. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS } from '../../src/core/artifacts.ts';
import { FIXTURES, runCli } from '../helpers/cli.ts';
import { nearestRank, plainCsv } from './load-test-oracle.ts';
import { fillScaffold as fill } from '../helpers/fill-scaffold.ts';

describe('init -> import -> gates', () => {
  it('decides gate 2 on the imported runs', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-import-e2e-'));
    const dir = path.join(root, 'protocol-18');
    expect((await runCli(['init', dir])).code).toBe(0);
    for (const spec of ARTIFACTS.filter((a) => a.required)) {
      const p = path.join(dir, spec.path);
      await writeFile(p, fill(await readFile(p, 'utf8'), spec.format === 'json'));
    }
    // The runs come from the tools, not from typing: the import creates the file.
    await rm(path.join(dir, 'load-test-results.json'));
    await writeFile(
      path.join(dir, 'diagnostics', 'checkout-api-cpu.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    );
    await mkdir(path.join(root, 'protocol-15'));
    await writeFile(path.join(root, 'protocol-15', 'DEPLOYMENT-REPORT.md'), '# Deployment\n');
    await mkdir(path.join(root, 'protocol-16'));
    await writeFile(path.join(root, 'protocol-16', 'OBSERVABILITY-BASELINE.md'), '# Baseline\n');

    const jtl = path.join(FIXTURES, 'import/load-test/jmeter/HTMLReportTestFile.csv');
    const base = await runCli([
      'import',
      'load-test',
      jtl,
      '--service',
      'checkout-api',
      '--scenario',
      'checkout-peak',
      '--kind',
      'load',
      '--phase',
      'baseline',
      '--environment',
      'staging',
      '--artifacts',
      dir,
    ]);
    expect(base.code, base.stderr).toBe(0);
    expect(base.stdout).toContain('(created)');
    const locust = path.join(FIXTURES, 'import/load-test/locust/llm-inference_stats.csv');
    const after = await runCli([
      'import',
      'load-test',
      locust,
      '--service',
      'checkout-api',
      '--scenario',
      'checkout-peak',
      '--kind',
      'load',
      '--phase',
      'after',
      '--started-at',
      '2026-12-02T10:00:00Z',
      '--concurrency',
      '16',
      '--artifacts',
      dir,
    ]);
    expect(after.code, after.stderr).toBe(0);

    const gates = await runCli([
      'gates',
      '--artifacts',
      dir,
      '--config',
      path.join(FIXTURES, 'defaults.yaml'),
      '--as-of',
      '2026-12-03T00:00:00Z',
      '--json',
    ]);
    expect(gates.code, gates.stderr).toBeLessThanOrEqual(1);
    const out = gates.json();
    const text = JSON.stringify(out);
    // Gate 2's peak-load error rate is the largest error rate of the imported load runs.
    const rows = plainCsv(await readFile(jtl, 'utf8'));
    const jtlRate = (rows.filter((r) => r.success === 'false').length / rows.length) * 100;
    const gate2 = out.gates.find((g: { gate: number }) => g.gate === 2);
    const peak = gate2.criteria.find((c: { id: string }) => c.id === 'peak_load_error_rate_pct');
    expect(peak.actual).toBeCloseTo(jtlRate, 4);
    expect(peak.status).toBe('pass');
    expect(peak.items.map((i: { id: string; pointer: string }) => [i.id, i.pointer])).toEqual([
      ['checkout-api-baseline-load', '/runs/0/error_rate_pct'],
      ['checkout-api-after-load', '/runs/1/error_rate_pct'],
    ]);
    expect(text).not.toContain('internal error');
    const results = JSON.parse(await readFile(path.join(dir, 'load-test-results.json'), 'utf8'));
    expect(results.runs.map((r: { id: string }) => r.id)).toEqual([
      'checkout-api-baseline-load',
      'checkout-api-after-load',
    ]);
    expect(results.runs[0].latency_ms.p95).toBe(
      nearestRank(
        rows.map((r) => Number(r.elapsed)),
        95,
      ),
    );
  });
});
