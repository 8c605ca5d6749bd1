/** `perfgate import profile` end to end on a copy of a valid cycle. */
import { mkdtemp, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, runCli } from '../helpers/cli.ts';

const PROF = path.join(FIXTURES, 'import/profile');
/** `perfgate import profile FILE --service SERVICE [flags] --artifacts DIR`. */
const importProfile = (dir: string, file: string, service: string, ...flags: string[]) =>
  runCli(['import', 'profile', file, '--service', service, ...flags, '--artifacts', dir]);

async function cycle() {
  const root = await copyFixture('valid');
  return path.join(root, 'protocol-18');
}

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

describe('perfgate import profile', () => {
  it('copies the raw profile, writes the SVG and appends two lines under the service, changing nothing else', async () => {
    const dir = await cycle();
    const before = await readFile(path.join(dir, 'profiling-report.md'), 'utf8');
    const src = path.join(PROF, 'cpuprofile/cpu-bound.cpuprofile');
    const r = await importProfile(dir, src, 'checkout-api', '--phase', 'after', '--append');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await readFile(path.join(dir, 'diagnostics/checkout-api-after.cpuprofile'))).toEqual(
      await readFile(src),
    );
    const svg = await readFile(path.join(dir, 'diagnostics/checkout-api-after-flame.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    const after = await readFile(path.join(dir, 'profiling-report.md'), 'utf8');
    const block =
      '\n\n- Profile (after): [checkout-api-after.cpuprofile](diagnostics/checkout-api-after.cpuprofile)\n' +
      '- Flame graph (after): [checkout-api-after-flame.svg](diagnostics/checkout-api-after-flame.svg)';
    // Inserted at the end of the checkout-api section (before "## search"); every other byte as it was.
    const at = after.indexOf(block);
    expect(at).toBeGreaterThan(after.indexOf('## checkout-api'));
    expect(at).toBeLessThan(after.indexOf('## search'));
    expect(after.slice(0, at) + after.slice(at + block.length)).toBe(before);
    expect(r.stdout).toContain('- Flame graph (after): [checkout-api-after-flame.svg]');
  });

  it('creates the section when the service has none, at the end of the file', async () => {
    const dir = await cycle();
    const before = await readFile(path.join(dir, 'profiling-report.md'), 'utf8');
    const r = await importProfile(
      dir,
      path.join(PROF, 'folded/perf-numa-stacks-01.folded'),
      'mailer',
      '--append',
      '--json',
    );
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out).toMatchObject({
      format: 'folded',
      total: 199,
      profile: 'diagnostics/mailer-baseline.folded',
      appended: true,
    });
    const after = await readFile(path.join(dir, 'profiling-report.md'), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe(
      '\n## mailer\n\n- Profile (baseline): [mailer-baseline.folded](diagnostics/mailer-baseline.folded)\n' +
        '- Flame graph (baseline): [mailer-baseline-flame.svg](diagnostics/mailer-baseline-flame.svg)\n',
    );
  });

  it('without --append prints the lines and leaves profiling-report.md alone; a pprof keeps its .pb.gz', async () => {
    const dir = await cycle();
    const before = await readFile(path.join(dir, 'profiling-report.md'));
    const r = await importProfile(dir, path.join(PROF, 'pprof/checkout.pb.gz'), 'search');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '- Profile (baseline): [search-baseline.pb.gz](diagnostics/search-baseline.pb.gz)',
    );
    expect(await readFile(path.join(dir, 'profiling-report.md'))).toEqual(before);
  });

  it.each([
    [['--service', 'billing'], 'folded/perf-numa-stacks-01.folded', /Unknown service "billing"/],
    [['--service', 'mailer'], 'bad', /bad\.folded line 2: not a usable profile/],
    [
      ['--service', 'mailer', '--format', 'cpuprofile'],
      'folded/perf-numa-stacks-01.folded',
      /perf-numa-stacks-01\.folded: not a usable profile: not valid JSON/,
    ],
  ])('refuses %j on %s with exit 1 and writes nothing', async (flags, rel, message) => {
    const dir = await cycle();
    let file = path.join(PROF, rel);
    if (rel === 'bad') {
      file = path.join(path.dirname(dir), 'bad.folded');
      await writeFile(file, 'main;work 3\nmain;work lots\n');
    }
    const files = await listing(dir);
    const report = await readFile(path.join(dir, 'profiling-report.md'));
    const r = await runCli(['import', 'profile', file, ...flags, '--append', '--artifacts', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(await listing(dir)).toEqual(files);
    expect(await readFile(path.join(dir, 'profiling-report.md'))).toEqual(report);
  });

  it('never overwrites an earlier import of the same service and phase', async () => {
    const dir = await cycle();
    const args = [
      'import',
      'profile',
      path.join(PROF, 'speedscope/simple.speedscope.json'),
      '--service',
      'search',
      '--artifacts',
      dir,
    ];
    expect((await runCli(args)).code).toBe(0);
    const again = await runCli(args);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/search-baseline\.speedscope\.json already exists/);
  });
});

describe('perfgate import profile --append, twice', () => {
  it('puts the after lines right below the baseline lines, in one list', async () => {
    const dir = await cycle();
    const before = await readFile(path.join(dir, 'profiling-report.md'), 'utf8');
    for (const [file, phase] of [
      ['cpu-bound.cpuprofile', 'baseline'],
      ['cpu-bound-after.cpuprofile', 'after'],
    ] as const)
      expect(
        (
          await importProfile(
            dir,
            path.join(PROF, 'cpuprofile', file),
            'search',
            '--phase',
            phase,
            '--append',
          )
        ).code,
      ).toBe(0);
    const after = await readFile(path.join(dir, 'profiling-report.md'), 'utf8');
    const block = [
      '- Profile (baseline): [search-baseline.cpuprofile](diagnostics/search-baseline.cpuprofile)',
      '- Flame graph (baseline): [search-baseline-flame.svg](diagnostics/search-baseline-flame.svg)',
      '- Profile (after): [search-after.cpuprofile](diagnostics/search-after.cpuprofile)',
      '- Flame graph (after): [search-after-flame.svg](diagnostics/search-after-flame.svg)',
    ].join('\n');
    const at = after.indexOf(block);
    expect(at).toBeGreaterThan(after.indexOf('## search'));
    expect(after.slice(0, at - 2) + after.slice(at + block.length)).toBe(before);
  });
});

describe('perfgate import profile and symbolic links', () => {
  it('refuses to write through a linked diagnostics folder', async () => {
    const dir = await cycle();
    const outside = await mkdtemp(path.join(os.tmpdir(), 'perfgate-outside-'));
    await rename(path.join(dir, 'diagnostics'), path.join(outside, 'diagnostics'));
    await symlink(path.join(outside, 'diagnostics'), path.join(dir, 'diagnostics'));
    const before = await listing(path.join(outside, 'diagnostics'));
    const r = await importProfile(dir, path.join(PROF, 'speedscope/simple.speedscope.json'), 'search');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/diagnostics: Unexpected symbolic link/);
    expect(await listing(path.join(outside, 'diagnostics'))).toEqual(before);
  });
});
