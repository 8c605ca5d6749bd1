/**
 * `perfgate init` then the imports, without deleting anything (issue 25): the first load-test import
 * replaces the scaffold's untouched placeholder run, a run a person touched is kept, and
 * `import profile --append` names the scaffold's section and fills its flame-graph line.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FLAME_GRAPH_PLACEHOLDER } from '../../src/core/import/profile/report-md.ts';
import { FIXTURES, runCli, STACK_TRACE } from '../helpers/cli.ts';

const JTL = path.join(FIXTURES, 'import/load-test/jmeter/HTMLReportTestFile.csv');
const PROFILE = path.join(FIXTURES, 'import/profile/cpuprofile/cpu-bound.cpuprofile');
let dir: string;

/** A new scaffold whose intake names its one service, as a person does before the first import. */
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'perfgate-init-import-')), 'protocol-18');
  expect((await runCli(['init', dir, '--config', path.join(dir, '..', '18.yaml')])).code).toBe(0);
  const intake = path.join(dir, 'performance-intake-report.json');
  await writeFile(intake, (await readFile(intake, 'utf8')).replaceAll('<fill: service>', 'checkout-api'));
});

const importJtl = (...extra: string[]) =>
  runCli([
    'import',
    'load-test',
    JTL,
    '--service',
    'checkout-api',
    '--scenario',
    'checkout',
    '--kind',
    'load',
    '--phase',
    'baseline',
    '--artifacts',
    dir,
    ...extra,
  ]);
const results = async () => JSON.parse(await readFile(path.join(dir, 'load-test-results.json'), 'utf8'));

describe('init, then import load-test', () => {
  it('replaces the untouched placeholder run and answers the tool and environment', async () => {
    const r = await importJtl('--environment', 'staging');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('replaced the placeholder run that `perfgate init` wrote');
    const doc = await results();
    expect(doc.$schema).toMatch(/load-test-results\.schema\.json$/);
    expect([doc.tool, doc.environment]).toEqual(['jmeter', 'staging']);
    expect(doc.runs.map((x: { id: string }) => x.id)).toEqual(['checkout-api-baseline-load']);
    expect(JSON.stringify(doc)).not.toContain('<fill:');
    // The next import adds beside it, as on any file.
    const after = await importJtl('--id', 'second', '--json');
    expect(after.code).toBe(0);
    expect(after.json().scaffold_replaced).toBe(false);
    expect((await results()).runs).toHaveLength(2);
  });

  it('asks for the environment the scaffold leaves open, changing nothing', async () => {
    const before = await readFile(path.join(dir, 'load-test-results.json'), 'utf8');
    const r = await importJtl();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'load-test-results.json: Missing environment: load-test-results.json still holds the placeholder environment of `perfgate init`',
    );
    expect(r.stderr).toContain('Pass --environment NAME');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(await readFile(path.join(dir, 'load-test-results.json'), 'utf8')).toBe(before);
  });

  it('keeps a placeholder run a person has touched, and names what is left in it', async () => {
    const file = path.join(dir, 'load-test-results.json');
    const doc = await results();
    doc.runs[0].id = 'typed-by-hand';
    const typed = JSON.stringify(doc, null, 2);
    await writeFile(file, typed);
    const r = await importJtl('--environment', 'staging');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('placeholder.unfilled');
    expect(r.stderr).toContain('/runs/0/started_at');
    expect(await readFile(file, 'utf8')).toBe(typed);
  });
});

describe('init, then import profile --append', () => {
  it('names the scaffold section after the service and puts the links on its flame-graph line', async () => {
    const report = path.join(dir, 'profiling-report.md');
    const scaffold = await readFile(report, 'utf8');
    expect(scaffold).toContain(`## <fill: service>\n`);
    expect(scaffold).toContain(`${FLAME_GRAPH_PLACEHOLDER}\n`);
    const r = await runCli([
      'import',
      'profile',
      PROFILE,
      '--service',
      'checkout-api',
      '--append',
      '--artifacts',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = (await readFile(report, 'utf8')).split('\n');
    const links = [
      '- Profile (baseline): [checkout-api-baseline.cpuprofile](diagnostics/checkout-api-baseline.cpuprofile)',
      '- Flame graph (baseline): [checkout-api-baseline-flame.svg](diagnostics/checkout-api-baseline-flame.svg)',
    ];
    // Line for line the scaffold, with its two placeholders answered and nothing else changed.
    expect(lines).toEqual(
      scaffold
        .replace('## <fill: service>', '## checkout-api')
        .replace(FLAME_GRAPH_PLACEHOLDER, links.join('\n'))
        .split('\n'),
    );
    // The after profile continues the same list.
    const after = await runCli([
      'import',
      'profile',
      PROFILE.replace('cpu-bound.cpuprofile', 'cpu-bound-after.cpuprofile'),
      '--service',
      'checkout-api',
      '--phase',
      'after',
      '--append',
      '--artifacts',
      dir,
    ]);
    expect(after.code, after.stderr).toBe(0);
    const text = await readFile(report, 'utf8');
    expect(text).toContain(`${links[1]}\n- Profile (after): [checkout-api-after.cpuprofile]`);
    expect(text.match(/^## /gm)).toHaveLength(1);
  });
});
