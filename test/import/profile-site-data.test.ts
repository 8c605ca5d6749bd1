/** The profiles the site gets from a cycle: found from profiling-report.md, parsed, bounded, differential. */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycleProfiles, phaseOf } from '../../src/core/history/profiles.ts';
import {
  compactDiffTree,
  compactTree,
  MAX_COMPACT_NODES,
  type CompactNode,
} from '../../src/core/import/profile/compact.ts';
import { TreeBuilder } from '../../src/core/import/profile/model.ts';
import { loadCycle } from '../../src/core/load/cycle.ts';
import { loadConfig } from '../../src/core/load/config.ts';
import { validateCycle } from '../../src/core/validate/index.ts';
import { copyFixture, FIXTURES, runCli } from '../helpers/cli.ts';
import { expectCpuprofile } from './profile-oracle.ts';

const PROF = path.join(FIXTURES, 'import/profile/cpuprofile');

describe('profiles on the cycle record', () => {
  it('phase from the file name', () => {
    expect(phaseOf('diagnostics/checkout-api-baseline.cpuprofile')).toBe('baseline');
    expect(phaseOf('diagnostics/before_checkout.folded')).toBe('baseline');
    expect(phaseOf('diagnostics/checkout-api-after.pb.gz')).toBe('after');
    expect(phaseOf('diagnostics/afterglow.folded')).toBeNull();
  });

  it('finds linked profiles, draws a differential, and reports a broken one without failing', async () => {
    const dir = path.join(await copyFixture('valid'), 'protocol-18');
    for (const [file, phase] of [
      ['cpu-bound.cpuprofile', 'baseline'],
      ['cpu-bound-after.cpuprofile', 'after'],
    ] as const)
      expect(
        (
          await runCli([
            'import',
            'profile',
            path.join(PROF, file),
            '--service',
            'checkout-api',
            '--phase',
            phase,
            '--append',
            '--artifacts',
            dir,
          ])
        ).code,
      ).toBe(0);
    await writeFile(path.join(dir, 'diagnostics/search-broken.folded'), 'not a profile\n');
    await appendFile(path.join(dir, 'profiling-report.md'), '\n[broken](diagnostics/search-broken.folded)\n');
    const cycle = await loadCycle(dir);
    const set = await cycleProfiles(
      cycle,
      validateCycle(cycle, await loadConfig('config/protocol_gates/18.yaml')),
    );
    expect(set!.profiles.map((p) => [p.id, p.phase, p.total])).toEqual([
      ['checkout-api-baseline', 'baseline', expectCpuprofile(path.join(PROF, 'cpu-bound.cpuprofile')).total],
      ['checkout-api-after', 'after', expectCpuprofile(path.join(PROF, 'cpu-bound-after.cpuprofile')).total],
    ]);
    expect(set!.problems).toEqual([
      {
        file: 'diagnostics/search-broken.folded',
        message: expect.stringMatching(/none of the profile formats/),
      },
    ]);
    const diff = set!.diffs[0]!;
    expect(diff.id).toBe('checkout-api-diff');
    // priceItems' self share, computed from the raw files: it must lead the "lost" table.
    const share = (f: string) => {
      const e = expectCpuprofile(path.join(PROF, f));
      return e.self.get('priceItems')! / e.total;
    };
    expect(diff.lost[0]!.name).toBe('priceItems');
    expect(diff.lost[0]!.delta).toBeCloseTo(
      share('cpu-bound-after.cpuprofile') - share('cpu-bound.cpuprofile'),
      12,
    );
    expect(diff.svg.startsWith('<svg ')).toBe(true);
    // The interactive graph's tree: the after profile's shape, the baseline's total beside it.
    expect(diff.tree.root[3]).toBe(expectCpuprofile(path.join(PROF, 'cpu-bound-after.cpuprofile')).total);
    expect(diff.tree.diff?.baseline_total).toBe(
      expectCpuprofile(path.join(PROF, 'cpu-bound.cpuprofile')).total,
    );
    expect(diff.tree.root[5]).toBe(diff.tree.diff?.baseline_total);
  });

  it('the differential compact tree gives each frame path of the after profile its baseline weight', () => {
    const tree = (stacks: [string, number][]) => {
      const b = new TreeBuilder();
      for (const [s, w] of stacks)
        b.add(
          s.split(';').map((name) => ({ name, module: '' })),
          w,
        );
      return b.finish('folded', 'samples').root;
    };
    // Baseline: main;a 30, main;b 10, x 60. After: main;a 10, main;c 50 (new), x;a 40 (a new path of a).
    const base = tree([
      ['main;a', 30],
      ['main;b', 10],
      ['x', 60],
    ]);
    const after = tree([
      ['main;a', 10],
      ['main;c', 50],
      ['x;a', 40],
    ]);
    const c = compactDiffTree(base, after, 12.5);
    expect(c.diff).toEqual({ baseline_total: 100, scale: 12.5 });
    const named = (n: CompactNode): unknown => [c.strings[n[0]], n[3], n[5], n[4].map(named)];
    expect(named(c.root)).toEqual([
      'all',
      100,
      100,
      [
        [
          'main',
          60,
          40,
          [
            ['a', 10, 30, []],
            ['c', 50, 0, []],
          ],
        ],
        ['x', 40, 60, [['a', 40, 0, []]]],
      ],
    ]);
    // A profile's own compact tree has no baseline element.
    expect(compactTree(after).root).toHaveLength(5);
  });

  it('the compact tree stays under its node cap and keeps the weights', () => {
    const b = new TreeBuilder();
    // 900 chains of 8 frames, each 1/900 = 0.11 % of the total: 7,200 frames above the first 0.1 % cut.
    for (let i = 0; i < 900; i++)
      b.add(
        [
          { name: 'main', module: '' },
          ...Array.from({ length: 8 }, (_, k) => ({ name: `f${i}-${k}`, module: '' })),
        ],
        1,
      );
    const tree = b.finish('folded', 'samples');
    const c = compactTree(tree.root);
    let nodes = 0;
    const visit = (n: CompactNode) => {
      nodes++;
      // A frame's self plus its children (small ones merged into one "other" node) is its total.
      if (n[4].length > 0) expect(n[2] + n[4].reduce((s, k) => s + k[3], 0)).toBe(n[3]);
      n[4].forEach(visit);
    };
    visit(c.root);
    expect(nodes).toBeLessThanOrEqual(MAX_COMPACT_NODES);
    expect(c.root[3]).toBe(tree.root.total);
    expect(c.min_share).toBeGreaterThan(0.001);
    expect(nodes).toBeGreaterThan(2);
  });
});
