/**
 * The file-system writer: every output is written to `.perfgate/<name>.tmp-<pid>` in the cycle
 * directory (perfgate's own dot-folder, never evidence), fsynced, then renamed into place.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isAlive } from '../evidence/alive.ts';
import { EmitError, errnoCode } from '../evidence/errors.ts';
import { HashingTap, type FileDigest } from '../evidence/hash.ts';
import type { StagedSource } from '../evidence/zip-read.ts';
import { PERFGATE_DIR } from '../load/walk.ts';
import { OUTPUT_NAMES, type OutputName, type OutputWriter } from './writer.ts';

export class FsWriter implements OutputWriter {
  readonly dir: string;
  private readonly suffix: string;
  private readonly pid: number;
  /** Staged outputs in staging order: name -> temporary path (only files this writer created). */
  private readonly pending = new Map<OutputName, string>();
  /** Outputs to remove on commit (a signed statement that no longer matches the outputs). */
  private readonly removals = new Set<OutputName>();

  constructor(dir: string, pid: number = process.pid) {
    this.dir = dir;
    this.suffix = `.tmp-${pid}`;
    this.pid = pid;
  }

  async head(name: OutputName, maxBytes: number): Promise<Buffer | undefined> {
    const file = path.join(this.dir, name);
    try {
      const st = await lstat(file);
      if (!st.isFile()) {
        throw new EmitError(
          `${file} is not a regular file (${st.isDirectory() ? 'a directory' : st.isSymbolicLink() ? 'a symbolic link' : 'a special file'}), so perfgate cannot replace it`,
          `Move or rename ${file}; perfgate writes its generated ${name} there.`,
          'refused',
        );
      }
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return undefined;
      throw e;
    }
    const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const buf = Buffer.alloc(maxBytes);
      const { bytesRead } = await handle.read(buf, 0, maxBytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async put(name: OutputName, data: Uint8Array): Promise<void> {
    const handle = await this.create(name);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } catch (e) {
      throw this.writeError(name, e);
    } finally {
      await handle.close();
    }
  }

  async putStream(name: OutputName, source: Readable): Promise<FileDigest> {
    const handle = await this.create(name);
    const tap = new HashingTap();
    try {
      // flush: fsync before the handle closes.
      await pipeline(source, tap, handle.createWriteStream({ flush: true }));
      return tap.digest();
    } catch (e) {
      source.destroy();
      await handle.close().catch(() => undefined);
      throw e instanceof EmitError ? e : this.writeError(name, e);
    }
  }

  staged(name: OutputName): StagedSource {
    const tmp = this.pending.get(name);
    if (!tmp) throw new Error(`output ${name} was not staged`);
    return { kind: 'file', path: tmp };
  }

  async remove(name: OutputName): Promise<void> {
    this.removals.add(name);
  }

  async commit(): Promise<void> {
    // Removals first: a kill after them leaves old outputs without their statement, which verify
    // reports when the manifest records a signing key, never a statement vouching for other files.
    for (const name of this.removals) {
      try {
        await unlink(path.join(this.dir, name));
      } catch (e) {
        if (errnoCode(e) !== 'ENOENT')
          throw new EmitError(
            `Could not remove ${path.join(this.dir, name)} (${errnoCode(e) ?? String(e)})`,
            'Check that the cycle directory is writable, then run the command again.',
          );
      }
      this.removals.delete(name);
    }
    for (const [name, tmp] of this.pending) {
      try {
        await rename(tmp, path.join(this.dir, name));
      } catch (e) {
        throw new EmitError(
          `Could not move ${tmp} into place as ${name} (${errnoCode(e) ?? String(e)})`,
          `Check that ${path.join(this.dir, name)} is a regular file you may replace, then run the command again.`,
        );
      }
      this.pending.delete(name);
    }
    await syncDirectory(this.dir);
    await this.removeStale();
  }

  /**
   * Temporary outputs of earlier runs that were killed before they could clean up (a run that
   * fails cleans its own): removed once their process is gone, after a successful commit.
   */
  private async removeStale(): Promise<void> {
    const names = await readdir(this.stagingDir).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^(.+)\.tmp-(\d+)$/.exec(name);
      if (!m || !(OUTPUT_NAMES as readonly string[]).includes(m[1]!)) continue;
      const pid = Number(m[2]);
      if (pid === this.pid || isAlive(pid)) continue;
      const file = path.join(this.stagingDir, name);
      const st = await lstat(file).catch(() => undefined);
      if (st?.isFile()) await unlink(file).catch(() => undefined);
    }
    // Left only while it holds something (a concurrent run's files): rmdir refuses a non-empty folder.
    await rmdir(this.stagingDir).catch(() => undefined);
  }

  /** perfgate's own dot-folder in the cycle directory, where outputs are staged. */
  get stagingDir(): string {
    return path.join(this.dir, PERFGATE_DIR);
  }

  async discard(): Promise<void> {
    for (const tmp of this.pending.values()) await unlink(tmp).catch(() => undefined);
    this.pending.clear();
    this.removals.clear();
    await rmdir(this.stagingDir).catch(() => undefined);
  }

  private async create(name: OutputName): Promise<FileHandle> {
    const tmp = path.join(this.stagingDir, name + this.suffix);
    let handle: FileHandle;
    try {
      await mkdir(this.stagingDir, { recursive: true });
      // A link named .perfgate would carry the staged outputs out of the cycle directory.
      if (!(await lstat(this.stagingDir)).isDirectory())
        throw Object.assign(new Error('not a directory'), { code: 'ELOOP' });
      handle = await open(
        tmp,
        constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
        0o666,
      );
    } catch (e) {
      const code = errnoCode(e);
      throw new EmitError(
        `Could not create the temporary file ${tmp} (${code === 'EISDIR' ? 'a directory is in the way' : (code ?? String(e))})`,
        code === 'EISDIR' || code === 'ELOOP'
          ? `Remove ${tmp}; perfgate stages ${name} there before moving it into place.`
          : `Check that ${this.dir} is writable, then run the command again.`,
      );
    }
    this.pending.set(name, tmp);
    return handle;
  }

  private writeError(name: OutputName, e: unknown): EmitError {
    return new EmitError(
      `Could not write ${name} in ${this.dir} (${errnoCode(e) ?? String(e)})`,
      'Check the free space and permissions of the cycle directory, then run the command again.',
    );
  }
}

/** Makes the renames durable; some file systems refuse to fsync a directory, which is harmless. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported here
  }
}
