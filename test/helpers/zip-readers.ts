/**
 * Independent zip readers for the tests, each run once per batch of zips (a JVM starts in about a
 * second): Python's zipfile and Info-ZIP unzip read the central directory; Java's ZipInputStream
 * streams the local headers and never reads it. Each says, per zip, the files it yields.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HELPERS = import.meta.dirname;

export interface ZipFileSeen {
  name: string;
  sha256: string;
}

/** What a reader yields for one zip: its files in the order it gives them, or the error it stopped at. */
export type ReaderResult = { ok: true; files: ZipFileSeen[] } | { ok: false; error: string };

/** Whether `java` runs here (the streaming leg needs it). */
export const hasJava = spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;

function parse(stdout: string, paths: readonly string[]): Map<string, ReaderResult> {
  const out = new Map<string, ReaderResult>();
  let current: string | undefined;
  let files: ZipFileSeen[] = [];
  for (const line of stdout.split('\n')) {
    const [tag, ...rest] = line.split(' ');
    if (tag === 'zip') {
      current = rest.join(' ');
      files = [];
    } else if (tag === 'entry' && current !== undefined)
      files.push({ name: Buffer.from(rest[0]!, 'hex').toString('utf8'), sha256: rest[1]! });
    else if (tag === 'end' && current !== undefined) {
      out.set(
        current,
        rest[0] === 'ok' ? { ok: true, files } : { ok: false, error: rest.slice(1).join(' ') },
      );
      current = undefined;
    }
  }
  for (const p of paths) if (!out.has(p)) throw new Error(`reader printed no result for ${p}`);
  return out;
}

const BIG = { maxBuffer: 256 * 1024 * 1024 };

/** Python's zipfile on every zip (one process). */
export async function readWithPython(paths: readonly string[]): Promise<Map<string, ReaderResult>> {
  const { stdout } = await run('python3', [path.join(HELPERS, 'zip-central.py'), ...paths], BIG);
  return parse(stdout, paths);
}

/** Java's ZipInputStream on every zip (one JVM). */
export async function readWithJava(paths: readonly string[]): Promise<Map<string, ReaderResult>> {
  const { stdout } = await run('java', [path.join(HELPERS, 'ZipStream.java'), ...paths], BIG);
  return parse(stdout, paths);
}

/**
 * Info-ZIP unzip: extracts into `into` (emptied after) and hashes what it wrote. A wrong password
 * is given so that an entry flagged as encrypted fails instead of prompting; any exit status but
 * 0 (1 is "warnings") counts as not read cleanly.
 */
export async function readWithUnzip(zip: string, into: string): Promise<ReaderResult> {
  const r = spawnSync('unzip', ['-qq', '-o', '-P', 'not-the-password', zip, '-d', into], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
    encoding: 'utf8',
  });
  try {
    if (r.status !== 0)
      return { ok: false, error: `unzip exit ${r.status}: ${(r.stderr + r.stdout).trim().split('\n')[0]}` };
    const files: ZipFileSeen[] = [];
    for (const e of await readdir(into, { recursive: true, withFileTypes: true }))
      if (e.isFile()) {
        const abs = path.join(e.parentPath, e.name);
        const sha256 = createHash('sha256')
          .update(await readFile(abs))
          .digest('hex');
        files.push({ name: path.relative(into, abs).split(path.sep).join('/'), sha256 });
      }
    return { ok: true, files };
  } finally {
    await rm(into, { recursive: true, force: true });
  }
}

/** Files as a sorted list of `name sha256` lines, for comparing readers that order them differently. */
export function fileLines(files: readonly ZipFileSeen[]): string[] {
  return files.map((f) => `${f.name} ${f.sha256}`).sort();
}
