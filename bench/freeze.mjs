// Freezes a synthetic archive as `perfgate archive` leaves one: the generated files of each
// cycle (validation-report.json, the manifest chained to the cycle before, the bundle, ...), written
// oldest first with each cycle evaluated as of its period end.
//   node bench/freeze.mjs <archive-dir>
import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { prepareReport } from '../src/cli/commands/report.ts';
import { emitCycle } from '../src/core/emit/emit-cycle.ts';
import { FsWriter } from '../src/core/emit/fs-writer.ts';
import { writeUpstream } from '../test/site/synthetic-archive.ts';

/** Writes the generated files into every cycle of `archive`, oldest period first. */
export async function freezeArchive(archive, config) {
  const dirs = [];
  for (const name of await readdir(archive)) {
    const dir = path.join(archive, name);
    const intake = JSON.parse(await readFile(path.join(dir, 'performance-intake-report.json'), 'utf8'));
    dirs.push({ dir, end: intake.period.end });
  }
  dirs.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  // Each cycle is reported from a folder with the upstream protocols beside it, as it was when current.
  const bench = await mkdtemp(path.join(os.tmpdir(), 'perfgate-freeze-'));
  const current = path.join(bench, 'protocol-18');
  await writeUpstream(current);
  for (const { dir, end } of dirs) {
    await rename(dir, current);
    try {
      const { emit } = await prepareReport({ artifacts: current, config, archive, asOf: end });
      if (!emit) throw new Error(`${dir}: prerequisites missing`);
      await emitCycle(emit, new FsWriter(current));
    } finally {
      await rename(current, dir);
    }
  }
  await rm(bench, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await freezeArchive(process.argv[2], process.argv[3]);
