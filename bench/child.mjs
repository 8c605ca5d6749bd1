// One measured perfgate step, run in its own process so that its peak RSS is its own:
//   node bench/child.mjs hash|bundle|report <cycle-dir> [<out-dir>]
// Prints one JSON line: {step, ms, bytes, files, maxRssMb}.
// As bin/perfgate.mjs starts the CLI: its memory setting first (src/cli/memory.ts).
import '../src/cli/memory.ts';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { walkCycle } from '../src/core/load/walk.ts';
import { evidenceSources, hashEvidence } from '../src/core/emit/evidence.ts';
import { writeBundle } from '../src/core/emit/bundle.ts';
import { FsWriter } from '../src/core/emit/fs-writer.ts';

const [step, dir, out] = process.argv.slice(2);

async function sources() {
  const { files } = await walkCycle(dir);
  return evidenceSources({ files });
}

let result;
if (step === 'hash') {
  const list = await sources();
  const t0 = performance.now();
  const hashed = await hashEvidence(list);
  result = {
    ms: performance.now() - t0,
    files: hashed.length,
    bytes: hashed.reduce((n, f) => n + f.bytes, 0),
  };
} else if (step === 'bundle' || step === 'bundle-nocheck') {
  const hashed = await hashEvidence(await sources());
  await mkdir(out, { recursive: true });
  const writer = new FsWriter(out);
  const entries = hashed.map((f) => ({
    name: f.path,
    sha256: f.sha256,
    bytes: f.bytes,
    crc32: f.crc32,
    source: { kind: 'file', abs: f.abs },
  }));
  const t0 = performance.now();
  await writeBundle(writer, entries, { date: new Date('2026-11-20T12:00:00Z'), check: step === 'bundle' });
  const ms = performance.now() - t0;
  await writer.commit();
  result = { ms, files: entries.length, bytes: entries.reduce((n, e) => n + e.bytes, 0) };
} else if (step === 'report') {
  // PERFGATE_BENCH_LIB: the CLI compiled as an installed package runs it (bench/compiled.mjs).
  const lib = process.env.PERFGATE_BENCH_LIB;
  const { main } = await import(
    lib ? pathToFileURL(path.join(lib, 'cli/main.js')).href : '../src/cli/main.ts'
  );
  const t0 = performance.now();
  const code = await main(
    [
      'report',
      '--artifacts',
      dir,
      '--config',
      path.join(import.meta.dirname, '../test/fixtures/defaults.yaml'),
      '--archive',
      path.join(dir, 'no-archive'),
      '--as-of',
      '2026-11-20T12:00:00Z',
      '--json',
    ],
    {
      stdout: () => undefined,
      stderr: (s) => process.stderr.write(s),
    },
  );
  result = { ms: performance.now() - t0, exitCode: code };
} else {
  throw new Error(`unknown step ${step}`);
}
process.stdout.write(
  JSON.stringify({ step, ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
