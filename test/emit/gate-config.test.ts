/**
 * gate-config.json (ARTIFACTS.md section 4, "Re-deciding"): the effective config written with the
 * outputs, listed in the manifest and bundled, recorded by SHA-256 and perfgate version in
 * validation-report.json; its bytes depend on the config's values only; threshold flags resolved;
 * a file of that name that perfgate did not write is never replaced.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareReport } from '../../src/cli/commands/report.ts';
import { GENERATED_FILES } from '../../src/core/artifacts.ts';
import { emitCycle } from '../../src/core/emit/emit-cycle.ts';
import { MemoryWriter } from '../../src/core/emit/writer.ts';
import { evaluateCycle } from '../../src/core/evaluate/index.ts';
import { buildEvaluationInput } from '../../src/core/evaluate/input.ts';
import { runCli, STACK_TRACE } from '../helpers/cli.ts';
import { ROOT } from '../site/build.ts';
import { AS_OF, freshCycle, reportArgs, removeTemporaries, zipEntries } from './helpers.ts';

afterAll(removeTemporaries);

const SCHEMA_ID = 'https://perfgate.dev/schemas/protocol-18/gates-config.schema.json';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const VERSION = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

/** Reports the fixture cycle with `yaml` as its config file; the bytes of gate-config.json. */
async function reportWith(yaml: string): Promise<{ dir: string; config: string; bytes: Buffer }> {
  const c = await freshCycle();
  const config = path.join(c.root, 'gates.yaml');
  await writeFile(config, yaml);
  const run = await runCli(reportArgs({ ...c, config }));
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return { dir: c.dir, config, bytes: await readFile(path.join(c.dir, 'gate-config.json')) };
}

describe('gate-config.json', () => {
  it('holds the effective config and is recorded, listed and bundled', async () => {
    const { dir, bytes } = await reportWith(
      'optimization:\n  improvement_threshold: 0.2\nkpis:\n  queue_depth_count: lower\n',
    );
    const config = JSON.parse(bytes.toString('utf8'));
    expect(Object.keys(config)[0]).toBe('$schema');
    expect(config.$schema).toBe(SCHEMA_ID);
    // The file's value and the documented defaults (ARTIFACTS.md section 3), resolved.
    expect(config.optimization.improvement_threshold).toBe(0.2);
    expect(config.optimization.regression_tolerance_pct).toBe(5);
    expect(config.baseline.completeness_threshold).toBe(0.95);
    expect(config.diagnostics.weights).toEqual({ profiling: 0.4, load: 0.4, capacity: 0.2 });
    expect(config.governance.required_roles).toEqual(['Product Owner', 'SRE Lead']);
    expect(config.kpis).toEqual({ queue_depth_count: 'lower' });

    const report = JSON.parse(await readFile(path.join(dir, 'validation-report.json'), 'utf8'));
    expect(report.config_sha256).toBe(sha256(bytes));
    expect(report.perfgate_version).toBe(VERSION);
    const { $schema: _id, ...values } = config;
    expect(report.config).toEqual(values);

    const manifest = JSON.parse(await readFile(path.join(dir, 'evidence-manifest.json'), 'utf8'));
    expect(manifest.files.find((f: { path: string }) => f.path === 'gate-config.json')).toMatchObject({
      sha256: sha256(bytes),
      bytes: bytes.length,
      role: 'generated',
      gates: [1, 2, 3, 4],
    });
    const zipped = (await zipEntries(path.join(dir, 'performance-evidence-bundle.zip'))).find(
      (e) => e.name === 'gate-config.json',
    );
    expect(zipped?.data.equals(bytes)).toBe(true);
  });

  it('is a gate config itself: deciding with --config gate-config.json gives the same gates', async () => {
    const { dir, config } = await reportWith('baseline:\n  freshness_hours: 12\n');
    const frozen = JSON.parse(await readFile(path.join(dir, 'validation-report.json'), 'utf8'));
    const args = ['gates', '--artifacts', dir, '--as-of', AS_OF, '--json'];
    const again = await runCli([...args, '--config', path.join(dir, 'gate-config.json')]);
    expect(again.json().gates).toEqual(frozen.gates);
    expect(again.json().config_sha256).toBe(frozen.config_sha256);
    // A different config gives different bytes (the digest names the config).
    const other = await runCli([...args, '--config', config, '--improvement-threshold', '0.3']);
    expect(other.json().config_sha256).not.toBe(frozen.config_sha256);
  });

  it('has the same bytes for the same values, whatever the order of the keys in the config file', async () => {
    const a = await reportWith(
      'kpis:\n  queue_depth_count: lower\n  cache_hit_ratio: higher\nbaseline:\n  min_hypotheses: 2\n  freshness_hours: 12\nwarn_margin: 0.2\n',
    );
    const b = await reportWith(
      `$schema: ${SCHEMA_ID}\nwarn_margin: 0.2\nbaseline:\n  freshness_hours: 12\n  min_hypotheses: 2\nkpis:\n  cache_hit_ratio: higher\n  queue_depth_count: lower\n`,
    );
    expect(a.bytes.toString('utf8')).toBe(b.bytes.toString('utf8'));
  });

  it('resolves the command-line threshold flags', async () => {
    const c = await freshCycle();
    const prepared = await prepareReport({
      artifacts: c.dir,
      config: c.config,
      archive: c.archive,
      asOf: AS_OF,
    });
    const { cycle, validation } = prepared.ctx;
    const input = {
      ...buildEvaluationInput(cycle, validation, AS_OF, { improvementThreshold: '0.3', coverage: '0.8' }),
      generated: [...GENERATED_FILES],
    };
    const writer = new MemoryWriter();
    await emitCycle({ ...prepared.emit!, input, evaluation: evaluateCycle(input) }, writer);
    const bytes = writer.files.get('gate-config.json')!;
    const config = JSON.parse(bytes.toString('utf8'));
    expect(config.optimization.improvement_threshold).toBe(0.3);
    expect(config.diagnostics.coverage_threshold).toBe(0.8);
    const report = JSON.parse(writer.files.get('validation-report.json')!.toString('utf8'));
    expect(report.config_sha256).toBe(sha256(bytes));
  });

  it('never replaces a gate-config.json that perfgate did not write', async () => {
    const c = await freshCycle();
    const mine = '{ "team": "our own notes on thresholds" }\n';
    await writeFile(path.join(c.dir, 'gate-config.json'), mine);
    const run = await runCli(reportArgs(c));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('gate-config.json exists and was not written by perfgate');
    expect(run.stderr).toContain('hint: ');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(await readFile(path.join(c.dir, 'gate-config.json'), 'utf8')).toBe(mine);
    await expect(readFile(path.join(c.dir, 'validation-report.json'))).rejects.toThrow();
  });
});
