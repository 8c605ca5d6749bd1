/** Shared helpers of the emit tests: fixture copies, output snapshots, zip entries in memory. */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { GENERATED_FILES } from '../../src/core/artifacts.ts';
import { copyFixture, FIXTURES } from '../helpers/cli.ts';

export const AS_OF = '2026-11-20T12:00:00Z';

const created: string[] = [];

/** Removes every temporary folder this test file made (call it from afterAll). */
export async function removeTemporaries(): Promise<void> {
  for (const dir of created.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** A temporary folder removed by removeTemporaries. */
export async function scratchDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `perfgate-${prefix}-`));
  created.push(dir);
  return dir;
}

/** A fresh copy of the valid fixture (protocol-15/16/18) with the paths the commands need. */
export async function freshCycle(): Promise<{ root: string; dir: string; config: string; archive: string }> {
  const root = await copyFixture('valid');
  created.push(root);
  return {
    root,
    dir: path.join(root, 'protocol-18'),
    // Relative to the repository root (the tests' working directory), so that the config_source
    // recorded in validation-report.json is the same on every machine.
    config: path.relative(process.cwd(), path.join(FIXTURES, 'defaults.yaml')),
    archive: path.join(root, 'archive'),
  };
}

export function reportArgs(
  c: { dir: string; config: string; archive: string },
  ...extra: string[]
): string[] {
  return [
    'report',
    '--artifacts',
    c.dir,
    '--config',
    c.config,
    '--archive',
    c.archive,
    '--as-of',
    AS_OF,
    ...extra,
  ];
}

/** The bytes of the five outputs (undefined for a missing one). */
export async function outputs(dir: string): Promise<Record<string, Buffer | undefined>> {
  const out: Record<string, Buffer | undefined> = {};
  for (const name of GENERATED_FILES) out[name] = await readFile(path.join(dir, name)).catch(() => undefined);
  return out;
}

/** Every file name in the directory tree, relative, sorted. */
export async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() || e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export interface ZipEntryInfo {
  name: string;
  method: number;
  mode: number;
  dataStart: number;
  compressedSize: number;
  data: Buffer;
  date: { date: number; time: number };
}

/** Reads every entry of a zip into memory (test bundles are small). */
export async function zipEntries(file: string): Promise<ZipEntryInfo[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const out: ZipEntryInfo[] = [];
  try {
    for await (const e of zip.eachEntry()) {
      const local = await zip.readLocalFileHeaderPromise(e, { minimal: true });
      const chunks: Buffer[] = [];
      for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
      out.push({
        name: e.fileName,
        method: e.compressionMethod,
        mode: e.externalFileAttributes >>> 16,
        dataStart: local.fileDataStart,
        compressedSize: e.compressedSize,
        data: Buffer.concat(chunks),
        date: { date: e.lastModFileDate, time: e.lastModFileTime },
      });
    }
  } finally {
    zip.close();
  }
  return out;
}
