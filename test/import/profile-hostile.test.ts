/**
 * Profiles a tool (or a person) can write that once crashed `perfgate import profile`: each is
 * refused with exit 1 naming the file and the JSON pointer, what was expected and what to do, with
 * no stack trace and nothing written; a stack thousands of frames deep is read, not a crash.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../hostile/cases.ts';
import { copyFixture, runCli, STACK_TRACE } from '../helpers/cli.ts';

let root: string;
let cycle: string;
let inputs: string;
beforeEach(async () => {
  root = await copyFixture('valid');
  cycle = path.join(root, 'protocol-18');
  inputs = await mkdtemp(path.join(os.tmpdir(), 'perfgate-prof-in-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(inputs, { recursive: true, force: true });
});

const frame = (functionName: unknown, url: unknown = '') => ({ functionName, url });
/** A V8 profile: (root) -> main -> work, samples on work and main; `patches` by index in `nodes`. */
function cpuprofile(
  patches: Record<number, Record<string, unknown>> = {},
  extra: Record<string, unknown> = {},
) {
  const nodes: Record<string, unknown>[] = [
    { id: 1, callFrame: frame('(root)'), children: [2] },
    { id: 2, callFrame: frame('main', 'file:///app/main.js'), children: [3] },
    { id: 3, callFrame: frame('work', 'file:///app/work.js') },
  ];
  for (const [at, patch] of Object.entries(patches)) nodes[Number(at)] = { ...nodes[Number(at)], ...patch };
  return JSON.stringify({
    nodes,
    startTime: 0,
    endTime: 3,
    samples: [3, 3, 2],
    timeDeltas: [1, 1, 1],
    ...extra,
  });
}

const CASES: [string, string, string, string][] = [
  [
    'children not an array',
    cpuprofile({ 1: { children: 3 } }),
    '/nodes/1/children',
    'expected "children" to be an array of node ids',
  ],
  [
    'children a string',
    cpuprofile({ 1: { children: '3' } }),
    '/nodes/1/children',
    'expected "children" to be an array of node ids',
  ],
  [
    'a child id that is no node',
    cpuprofile({ 1: { children: [3, 9] } }),
    '/nodes/1/children/1',
    'child 9 is not a node',
  ],
  [
    'a node without an id',
    cpuprofile({ 2: { id: undefined } }),
    '/nodes/2/id',
    'expected a whole-number "id"',
  ],
  [
    'a cycle between two nodes',
    cpuprofile({ 0: { children: [] }, 2: { children: [2] } }),
    '/nodes/1/children',
    'node 2 is its own ancestor: the "children" lists form a cycle',
  ],
  [
    'a node that is its own child',
    cpuprofile({ 1: { children: [] }, 2: { children: [3] } }),
    '/nodes/2/children',
    'node 3 is its own ancestor',
  ],
  [
    'a node with two parents',
    cpuprofile({ 0: { children: [2, 3] } }),
    '/nodes/1/children/0',
    'node 3 is a child of both node 1 and node 2',
  ],
  [
    'a url that is a number',
    cpuprofile({ 1: { callFrame: frame('main', 5) } }),
    '/nodes/1/callFrame/url',
    'expected "callFrame.url" to be a string',
  ],
  [
    'a callFrame that is a string',
    cpuprofile({ 1: { callFrame: 'main' } }),
    '/nodes/1/callFrame',
    'expected a "callFrame" object',
  ],
  [
    'a functionName that is an object',
    cpuprofile({ 1: { callFrame: frame({}) } }),
    '/nodes/1/callFrame/functionName',
    'expected "callFrame.functionName" to be a string',
  ],
  [
    'a hitCount that is a string',
    cpuprofile({ 1: { hitCount: '5' } }, { samples: [] }),
    '/nodes/1/hitCount',
    'expected "hitCount" to be a whole number >= 0',
  ],
  [
    'a speedscope profile that is null',
    JSON.stringify({
      $schema: 'https://www.speedscope.app/file-format-schema.json',
      shared: { frames: [{ name: 'a' }] },
      profiles: [null],
    }),
    '/profiles/0',
    'expected a profile object',
  ],
];

describe('perfgate import profile: malformed profiles are refused with their place', () => {
  for (const [name, text, pointer, message] of CASES) {
    it(name, async () => {
      const ext = text.includes('speedscope') ? '.speedscope.json' : '.cpuprofile';
      const file = path.join(inputs, `bad${ext}`);
      await writeFile(file, text);
      const before = await snapshot(root);
      const r = await runCli(['import', 'profile', file, '--service', 'search', '--artifacts', cycle]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`perfgate: ${file} at ${pointer}: not a usable profile: ${message}`);
      expect(r.stderr).toContain('  hint: Import the file exactly as the profiler wrote it');
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.stderr).not.toContain('internal error');
      expect(await snapshot(root)).toEqual(before);
    });
  }
});

describe('perfgate import profile: deep stacks', () => {
  it('reads a folded line 5,000 frames deep (frames past the drawn depth are in the totals)', async () => {
    const file = path.join(inputs, 'deep.folded');
    const deep = Array.from({ length: 5000 }, (_, i) => `f${i % 50}`).join(';');
    await writeFile(file, `${deep} 7\nmain;leaf 3\n`);
    const r = await runCli([
      'import',
      'profile',
      file,
      '--service',
      'search',
      '--artifacts',
      cycle,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json();
    expect(out.total).toBe(10);
    // f49 ends the deep stack (5000 = 100 x 50): its 7 samples are the largest self weight.
    expect(out.top_frames[0]).toMatchObject({ name: 'f49', self: 7, total: 7 });
    const svg = await readFile(path.join(cycle, 'diagnostics/search-baseline-flame.svg'), 'utf8');
    expect(svg).toContain('<svg ');
  });

  it('reads a .cpuprofile whose node chain is 5,000 deep', async () => {
    const n = 5000;
    const nodes = Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      callFrame: frame(i === 0 ? '(root)' : `fn${i}`, 'file:///app/deep.js'),
      ...(i < n - 1 ? { children: [i + 2] } : {}),
    }));
    const file = path.join(inputs, 'deep.cpuprofile');
    await writeFile(file, JSON.stringify({ nodes, samples: [n, n, 2], timeDeltas: [1, 1, 1] }));
    const r = await runCli([
      'import',
      'profile',
      file,
      '--service',
      'search',
      '--artifacts',
      cycle,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json();
    expect(out.total).toBe(3);
    expect(out.top_frames.slice(0, 2)).toMatchObject([
      { name: `fn${n - 1}`, self: 2, total: 2 },
      { name: 'fn1', self: 1, total: 3 },
    ]);
  });
});
