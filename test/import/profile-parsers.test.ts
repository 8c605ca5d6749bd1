/** The four parsers on real profiles: totals and top frames against independent readings of the files. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { detectFormat, readProfile } from '../../src/core/import/profile/index.ts';
import { functionStats } from '../../src/core/import/profile/stats.ts';
import { FIXTURES } from '../helpers/cli.ts';
import { expectCpuprofile, expectFolded, expectPprof, topSelf, type Expected } from './profile-oracle.ts';
import { readFileSync } from 'node:fs';

const DIR = path.join(FIXTURES, 'import/profile');
const fx = (p: string) => path.join(DIR, p);

async function check(file: string, expected: Expected, format: string) {
  const tree = await readProfile(file);
  expect(tree.format).toBe(format);
  expect(tree.root.total).toBe(expected.total);
  const stats = functionStats(tree.root);
  expect(stats[0]!.name).toBe(topSelf(expected));
  for (const [name, self] of expected.self) {
    expect(
      stats.filter((s) => s.name === name).reduce((a, s) => a + s.self, 0),
      name,
    ).toBe(self);
  }
}

describe('profile parsers on real profiles', () => {
  it('reads a .cpuprofile that node --cpu-prof writes during the test', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-cpuprof-'));
    await promisify(execFile)(process.execPath, [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      '--cpu-prof-interval',
      '500',
      fx('cpuprofile/cpu-bound.cjs'),
      '300',
    ]);
    const [name] = (await readdir(dir)).filter((n) => n.endsWith('.cpuprofile'));
    const file = path.join(dir, name!);
    const expected = expectCpuprofile(file);
    expect(expected.total).toBeGreaterThan(50);
    await check(file, expected, 'cpuprofile');
    // The script's own hot function is on the stacks, under the handler that calls it.
    const tree = await readProfile(file);
    const stats = functionStats(tree.root);
    const price = stats.find((s) => s.name === 'priceItems')!;
    const handler = stats.find((s) => s.name === 'handleRequest')!;
    expect(price.module).toBe('cpu-bound.cjs');
    expect(handler.total).toBeGreaterThanOrEqual(price.total);
  });

  it('reads the committed .cpuprofile', async () => {
    await check(
      fx('cpuprofile/cpu-bound.cpuprofile'),
      expectCpuprofile(fx('cpuprofile/cpu-bound.cpuprofile')),
      'cpuprofile',
    );
  });

  it.each(['perf-iperf-stacks-pidtid-01', 'perf-numa-stacks-01', 'perf-js-stacks-01'])(
    'reads folded stacks from perf + stackcollapse: %s',
    async (name) => {
      const file = fx(`folded/${name}.folded`);
      await check(file, expectFolded(file), 'folded');
    },
  );

  it('reads a real gzipped pprof profile', async () => {
    const file = fx('pprof/checkout.pb.gz');
    const tree = await readProfile(file);
    expect(tree.unit).toBe('wall/nanoseconds');
    await check(file, expectPprof(file), 'pprof');
  });

  it('reads speedscope sampled profiles (all profiles of the file merged)', async () => {
    // Hand-worked from the file: two identical profiles, weights 1+1+3 on c, 4 on d, 5 on b.
    const tree = await readProfile(fx('speedscope/two-sampled.speedscope.json'));
    expect(tree.root.total).toBe(28);
    const self = Object.fromEntries(functionStats(tree.root).map((s) => [s.name, s.self]));
    expect(self).toEqual({ a: 0, b: 10, c: 10, d: 8 });
  });

  it('reads speedscope evented profiles (time between open and close events)', async () => {
    // a;b;c 0-2, a;b;d 2-6, a;b;c 6-9, a;b 9-14.
    const tree = await readProfile(fx('speedscope/simple.speedscope.json'));
    expect(tree.root.total).toBe(14);
    const self = Object.fromEntries(functionStats(tree.root).map((s) => [s.name, s.self]));
    expect(self).toEqual({ a: 0, b: 5, c: 5, d: 4 });
  });

  it('detects every format from the content alone', () => {
    const head = (p: string) => new Uint8Array(readFileSync(fx(p)).subarray(0, 65536));
    expect(detectFormat(head('cpuprofile/cpu-bound.cpuprofile'))).toBe('cpuprofile');
    expect(detectFormat(head('folded/perf-numa-stacks-01.folded'))).toBe('folded');
    expect(detectFormat(head('pprof/checkout.pb.gz'))).toBe('pprof');
    expect(detectFormat(head('speedscope/simple.speedscope.json'))).toBe('speedscope');
    expect(detectFormat(new TextEncoder().encode('hello world'))).toBeUndefined();
  });
});

describe('profiles that cannot be used', () => {
  const tmp = async (name: string, data: string | Uint8Array) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-badprof-'));
    await writeFile(path.join(dir, name), data);
    return path.join(dir, name);
  };
  it.each([
    ['empty.folded', '', /empty/, undefined],
    ['zero.folded', 'main;work 0\nmain 0\n', /total weight is zero/, undefined],
    ['bad.folded', 'main;work 3\nmain;work three\n', /frame;frame;frame count/, 2],
    [
      'bad.cpuprofile',
      '{"nodes":[{"id":1,"callFrame":{"functionName":"(root)","url":""}}],"samples":[1,7]}',
      /node 7/,
      undefined,
    ],
    [
      'noprofile.cpuprofile',
      '{"nodes":[{"id":1,"callFrame":{"functionName":"(root)","url":""}}],"samples":[]}',
      /zero/,
      undefined,
    ],
    ['cut.pb.gz', readFileSync(fx('pprof/checkout.pb.gz')).subarray(0, 200), /gzip|pprof/, undefined],
    [
      'open.speedscope.json',
      '{"shared":{"frames":[{"name":"a"}]},"profiles":[{"type":"evented","unit":"none","events":[{"type":"O","frame":0,"at":0}]}]}',
      /never closed/,
      undefined,
    ],
  ])('%s is an error with a reason', async (name, data, message, line) => {
    const file = await tmp(name, data);
    const err = await readProfile(file).then(
      () => undefined,
      (e: unknown) => e as { message: string; line?: number },
    );
    expect(err?.message).toMatch(message);
    if (line !== undefined) expect(err?.line).toBe(line);
  });
});
