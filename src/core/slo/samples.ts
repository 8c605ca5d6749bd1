/**
 * The events of a load-test run, for error budgets: its raw per-request samples (k6 NDJSON, JMeter
 * JTL, hey CSV), read again from its `source_file` with the importers' own readers; a summary (k6
 * summary export, autocannon, Locust) holds percentiles, not each request, so its events cannot be
 * counted, and the result says so.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { detectImporter } from '../import/load-test/registry.ts';
import { ImportError, type SampleCounts } from '../import/load-test/types.ts';

export type RunEvents =
  | { kind: 'raw'; samples: SampleCounts }
  | { kind: 'summary'; format: string }
  | { kind: 'none'; reason: string };

/** The first bytes of a file, decoded (enough for the importers' detection). */
async function head(abs: string): Promise<string> {
  const handle = await open(abs, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The events of the run whose raw file is `sourceFile` (a path in the cycle `dir`, or none). */
export async function runEvents(dir: string, sourceFile: string | undefined): Promise<RunEvents> {
  if (!sourceFile)
    return { kind: 'none', reason: 'the run has no source_file (its raw output was not kept)' };
  const abs = path.join(dir, ...sourceFile.split('/'));
  let importer;
  try {
    importer = detectImporter(await head(abs));
  } catch {
    return { kind: 'none', reason: `${sourceFile} could not be read` };
  }
  if (!importer) return { kind: 'none', reason: `${sourceFile} is not an output perfgate can read` };
  if (importer.kind !== 'raw') return { kind: 'summary', format: importer.title };
  try {
    const r = await importer.read([{ name: sourceFile, path: abs }], {});
    return r.samples ? { kind: 'raw', samples: r.samples } : { kind: 'summary', format: importer.title };
  } catch (e) {
    if (e instanceof ImportError) return { kind: 'none', reason: e.located() };
    throw e;
  }
}
