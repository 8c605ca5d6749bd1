/** The demo cycle's load-test runs are exactly what `perfgate import load-test` makes of its raw files. */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const DEMO = path.resolve(import.meta.dirname, '../../.artifacts');

describe('demo cycle', () => {
  it('equals a fresh import of loadtests/', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-demo-import-'));
    await cp(DEMO, root, { recursive: true });
    const cycle = path.join(root, 'protocol-18');
    const demo = JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8'));
    await rm(path.join(cycle, 'load-test-results.json'));
    for (const [i, r] of demo.runs.entries()) {
      expect(r.source_file).toBe(`loadtests/${r.id}.${r.tool === 'hey' ? 'csv' : 'json'}`);
      const args = [
        'import',
        'load-test',
        path.join(cycle, r.source_file),
        '--id',
        r.id,
        '--service',
        r.service,
      ];
      args.push('--scenario', r.scenario, '--kind', r.kind, '--phase', r.phase, '--started-at', r.started_at);
      // hey records neither the endpoint nor the concurrency: the flags the demo's README shows.
      if (r.endpoint) args.push('--endpoint', r.endpoint);
      if (r.tool === 'hey') args.push('--concurrency', String(r.peak_concurrency));
      // The raw file is already in place (it IS the demo's evidence): --replace lets the import rewrite it.
      args.push('--replace', '--artifacts', cycle, ...(i === 0 ? ['--environment', demo.environment] : []));
      const run = await runCli(args);
      expect(run.code, run.stderr).toBe(0);
    }
    const fresh = JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8'));
    expect(fresh.runs).toEqual(demo.runs);
    expect(fresh.tool).toBe(demo.tool);
    expect(fresh.environment).toBe(demo.environment);
  });

  it('has replicates that one --replicates import of their raw files makes again', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-demo-replicates-'));
    await cp(DEMO, root, { recursive: true });
    const cycle = path.join(root, 'protocol-18');
    const demo = JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8'));
    for (const phase of ['baseline', 'after']) {
      const runs = demo.runs.filter((r: { id: string }) => r.id.startsWith(`checkout-order-${phase}-`));
      expect(runs).toHaveLength(3);
      const files = [];
      for (const r of runs) {
        const copy = path.join(root, `${r.id}.csv`);
        await cp(path.join(cycle, r.source_file), copy);
        files.push(copy);
      }
      const args = ['import', 'load-test', ...files, '--replicates', '--id', `checkout-order-${phase}`];
      args.push('--service', 'checkout-api', '--scenario', 'place-order-demo-service', '--kind', 'load');
      args.push('--phase', phase, '--endpoint', 'POST /v1/checkout', '--concurrency', '8', '--replace');
      for (const r of runs) args.push('--started-at', r.started_at);
      const run = await runCli([...args, '--artifacts', cycle, '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.json().runs).toEqual(runs);
    }
  });
});
