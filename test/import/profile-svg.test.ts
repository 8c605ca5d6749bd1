/** The flame-graph SVG: golden bytes per format, escaping, contrast, bounded size. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFlameGraphSvg, flameGraphSvg } from '../../src/core/import/profile/flamegraph-svg.ts';
import { readProfile } from '../../src/core/import/profile/index.ts';
import { TreeBuilder } from '../../src/core/import/profile/model.ts';
import { deltaFill, moduleFill, textColour } from '../../src/core/import/profile/colors.ts';
import { FIXTURES } from '../helpers/cli.ts';

const DIR = path.join(FIXTURES, 'import/profile');
const GOLDEN = path.join(import.meta.dirname, '__golden__');

/** WCAG 2 contrast ratio, written here from the definition (not perfgate's colours.ts). */
function ratio(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

function expectGolden(name: string, svg: string) {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, svg);
  expect(svg).toBe(readFileSync(file, 'utf8'));
}

/** Every labelled rectangle: its fill and its text colour. */
function labelled(svg: string): [string, string][] {
  return [...svg.matchAll(/fill="(#[0-9a-f]{6})"\/><text [^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => [
    m[1]!,
    m[2]!,
  ]);
}

describe('flame-graph SVG', () => {
  it.each([
    ['cpuprofile', 'cpuprofile/cpu-bound.cpuprofile'],
    ['folded', 'folded/perf-iperf-stacks-pidtid-01.folded'],
    ['pprof', 'pprof/checkout.pb.gz'],
    ['speedscope', 'speedscope/two-sampled.speedscope.json'],
  ])('%s: the same bytes every time (golden file)', async (format, rel) => {
    const tree = await readProfile(path.join(DIR, rel));
    const svg = flameGraphSvg(tree, `golden ${format}`);
    expect(flameGraphSvg(await readProfile(path.join(DIR, rel)), `golden ${format}`)).toBe(svg);
    expectGolden(`${format}.svg`, svg);
    // A title per frame with its self and total share, text readable on its fill.
    expect(svg).toMatch(/<title>[^<]+: total \d+\.\d\d %[^<]*self \d+\.\d\d %/);
    for (const [fill, text] of labelled(svg)) expect(ratio(fill, text)).toBeGreaterThanOrEqual(4.5);
  });

  it('the differential graph has the same bytes every time (golden file) and a legend', async () => {
    const ss = await diffFlameGraphSvg(
      await readProfile(path.join(DIR, 'speedscope/simple.speedscope.json')),
      await readProfile(path.join(DIR, 'speedscope/two-sampled.speedscope.json')),
      'x',
    );
    // d: 4/14 = 28.57 % before, 8/28 = 28.57 % after: unchanged.
    expect(ss).toMatch(/<title>d: total 28\.57 %[^<]*baseline 28\.57 %, change 0\.00 points<\/title>/);
    const base = await readProfile(path.join(DIR, 'cpuprofile/cpu-bound.cpuprofile'));
    const after = await readProfile(path.join(DIR, 'cpuprofile/cpu-bound-after.cpuprofile'));
    const svg = diffFlameGraphSvg(base, after, 'golden differential');
    expectGolden('differential.svg', svg);
    expect(svg).toContain('aria-label="legend"');
    // The after run does a quarter of the pricing work: priceItems loses share, shown in blue (a loss).
    const price =
      /<title>priceItems[^<]*change -(\d+\.\d\d) points<\/title><rect [^>]*fill="(#[0-9a-f]{6})"/.exec(svg);
    expect(Number(price?.[1])).toBeGreaterThan(10);
    const [r, , b] = [1, 3, 5].map((i) => parseInt(price![2]!.slice(i, i + 2), 16));
    expect(b!).toBeGreaterThan(r!);
    for (const [fill, text] of labelled(svg)) expect(ratio(fill, text)).toBeGreaterThanOrEqual(4.5);
  });

  it('escapes frame names and shows characters XML 1.0 forbids as U+FFFD', async () => {
    const tree = await readProfile(path.join(DIR, 'folded/perf-js-stacks-01.folded'));
    const svg = flameGraphSvg(tree, 'js <stacks> & "quotes"');
    expect(svg).toContain('RegExp:[&amp;&lt;&gt;\\\\]');
    const b = new TreeBuilder();
    b.add([{ name: 'a\u0001b\uFFFE<script>\uD800', module: '' }], 5);
    const hostile = flameGraphSvg(b.finish('folded', 'samples'), 'x');
    // The one XML escaping of perfgate (format/xml.ts), as in the feed and the badge.
    expect(hostile).toContain('a\uFFFDb\uFFFD&lt;script&gt;\uFFFD');
    expect(hostile).not.toMatch(/[\u0001\uFFFE\uD800]|<script/);
  });

  it('stays bounded: thousands of tiny frames become one "other" rectangle per parent', () => {
    const b = new TreeBuilder();
    b.add(
      [
        { name: 'main', module: '' },
        { name: 'hot', module: '' },
      ],
      100_000,
    );
    for (let i = 0; i < 20_000; i++)
      b.add(
        [
          { name: 'main', module: '' },
          { name: `tiny${i}`, module: '' },
        ],
        1,
      );
    const svg = flameGraphSvg(b.finish('folded', 'samples'), 'bounded');
    expect(svg.length).toBeLessThan(5_000);
    expect(svg).toContain('20000 small frames (each under 0.2 %), together 16.67 %');
  });
});

describe('flame-graph SVG size', () => {
  it('a tree of 60,000 frames each just over the small-frame cut still draws at most 3,000 rectangles', () => {
    const b = new TreeBuilder();
    // 400 chains of 150 frames, each chain 0.25 % of the total: all above the 0.2 % cut.
    for (let i = 0; i < 400; i++)
      b.add(
        Array.from({ length: 150 }, (_, k) => ({ name: `c${i}f${k}`, module: `m${i % 9}` })),
        1,
      );
    const svg = flameGraphSvg(b.finish('folded', 'samples'), 'many');
    expect(svg.match(/<rect /g)!.length).toBeLessThanOrEqual(3001);
    expect(svg).toMatch(/400 small frames \(each under 0\.4 %\)/);
  });
});

describe('frame colours', () => {
  it('every module colour and every change colour gets a text colour of at least 4.5:1 (WCAG AA)', () => {
    for (let i = 0; i < 5000; i++) {
      const fill = moduleFill(`module-${i}`);
      expect(ratio(fill, textColour(fill)), fill).toBeGreaterThanOrEqual(4.5);
    }
    for (let d = -100; d <= 100; d += 0.5) {
      const fill = deltaFill(d, 100);
      expect(ratio(fill, textColour(fill)), fill).toBeGreaterThanOrEqual(4.5);
    }
  });
});
