/**
 * An absent percentile: the schema needs at least one, the order rule skips the absent ones, and the
 * report says "not reported by <tool>" instead of a number.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { targetServer } from '../helpers/target-server.ts';

const DEMO = path.resolve(import.meta.dirname, '../../.artifacts');
let cycle: string;

beforeEach(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-absent-'));
  await cp(DEMO, root, { recursive: true });
  cycle = path.join(root, 'protocol-18');
});

async function withLatency(
  latency: Record<string, number>,
): Promise<{ code: string; message: string; pointer?: string }[]> {
  const file = path.join(cycle, 'load-test-results.json');
  const doc = JSON.parse(await readFile(file, 'utf8'));
  doc.runs[0].latency_ms = latency;
  await writeFile(file, JSON.stringify(doc, null, 2));
  const run = await runCli(['validate', '--artifacts', cycle, '--json']);
  return run
    .json()
    .diagnostics.filter(
      (d: { file: string; severity: string }) =>
        d.file === 'load-test-results.json' && d.severity === 'error',
    );
}

describe('optional percentiles', () => {
  it('accepts any non-empty subset, refuses none, and checks the order of the present ones', async () => {
    expect(await withLatency({ p95: 300 })).toEqual([]);
    const none = await withLatency({});
    expect(none.map((d) => d.message)).toEqual([
      'Missing `latency_ms` in run `checkout-baseline-load`: expected at least one of `p50`, `p90`, `p95`, `p99`, `max`',
    ]);
    const order = await withLatency({ p50: 120, p99: 90 });
    expect(order.map((d) => [d.code, d.pointer])).toEqual([
      ['load.percentile-order', '/runs/0/latency_ms/p99'],
    ]);
  });

  it('the report shows "not reported by autocannon" for autocannon\'s missing p95', async () => {
    const server = await targetServer();
    try {
      const bin = path.resolve(import.meta.dirname, '../../node_modules/.bin/autocannon');
      const { stdout } = await promisify(execFile)(bin, ['-a', '60', '-c', '2', '--json', server.url]);
      const file = path.join(cycle, '..', 'ac.json');
      await writeFile(file, stdout);
      const imp = await runCli([
        'import',
        'load-test',
        file,
        '--service',
        'checkout-api',
        '--scenario',
        'smoke',
        '--kind',
        'soak',
        '--phase',
        'after',
        '--id',
        'ac-smoke',
        '--artifacts',
        cycle,
      ]);
      expect(imp.code, imp.stderr).toBe(0);
      expect(imp.stdout).toContain('not reported by autocannon: latency_ms.p95');
    } finally {
      await server.close();
    }
    const report = await runCli(['report', '--artifacts', cycle, '--as-of', '2026-11-20T00:00:00Z']);
    expect(report.code, report.stderr).toBeLessThanOrEqual(1);
    const md = await readFile(path.join(cycle, 'PERFORMANCE-REPORT.md'), 'utf8');
    const row = md.split('\n').find((l) => l.includes('`ac-smoke`'));
    expect(row).toBeDefined();
    expect(row).toContain('not reported by autocannon');
    expect(row).toContain('loadtests/ac-smoke.json');
  });
});
