// `npm run bench:profile`: `perfgate import profile` on a generated 1,000,000-stack folded file
// (BENCH_STACKS to change it; BENCH_KEEP=1 keeps the files). Reports wall time, peak RSS of the
// import process, the file size and the SVG size. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

const ROOT = path.resolve(import.meta.dirname, '..');
const STACKS = Number(process.env.BENCH_STACKS ?? 1_000_000);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-profile-'));

// A deterministic call graph: 4,000 function names, 20,000 distinct stacks of depth 4-40, each line
// one of them (skewed like real profiles: a few hot paths, a long tail) with a count of 1-40.
let seed = 14;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const names = Array.from({ length: 4000 }, (_, i) => `pkg${i % 60}/mod${i % 7}.fn${i}`);
const shapes = Array.from({ length: 20_000 }, () => {
  const depth = 4 + Math.floor(rand() * 37);
  const frames = ['main', 'runtime.main'];
  let at = Math.floor(rand() * 200);
  for (let d = 0; d < depth; d++) frames.push(names[(at = (at * 7 + Math.floor(rand() * 9)) % names.length)]);
  return frames.join(';');
});
const file = path.join(tmp, 'huge.folded');
const out = createWriteStream(file);
let expected = 0;
for (let i = 0; i < STACKS; i++) {
  const n = 1 + Math.floor(rand() * 40);
  expected += n;
  const shape = shapes[Math.floor(shapes.length * rand() ** 3)];
  if (!out.write(`${shape} ${n}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');

const cycle = path.join(tmp, 'cycle');
cpSync(path.join(ROOT, 'test/fixtures/valid/protocol-18'), cycle, { recursive: true });
const t0 = process.hrtime.bigint();
const run = spawnSync(
  '/usr/bin/time',
  [
    '-f',
    '%M',
    process.execPath,
    path.join(ROOT, 'bin/perfgate.mjs'),
    'import',
    'profile',
    file,
    '--service',
    'checkout-api',
    '--artifacts',
    cycle,
    '--json',
  ],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
if (run.status !== 0) {
  process.stderr.write(run.stderr);
  process.exit(1);
}
const result = JSON.parse(run.stdout);
const rssMb = Number(run.stderr.trim().split('\n').pop()) / 1024;
const svg = statSync(path.join(cycle, result.flame_graph)).size;
console.log(
  JSON.stringify({
    stacks: STACKS,
    file_mb: +(statSync(file).size / 2 ** 20).toFixed(1),
    total: result.total,
    total_matches: result.total === expected,
    seconds: +(ms / 1000).toFixed(2),
    peak_rss_mb: +rssMb.toFixed(1),
    svg_kb: +(svg / 1024).toFixed(1),
  }),
);
if (!process.env.BENCH_KEEP) rmSync(tmp, { recursive: true, force: true });
if (result.total !== expected) process.exit(1);
