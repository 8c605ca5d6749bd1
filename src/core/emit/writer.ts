/**
 * One writer interface, two implementations: the file-system writer (atomic, in fs-writer.ts) and
 * the in-memory writer below, which unit tests use so that they never write a cycle directory.
 *
 * Outputs are staged first and become visible only on `commit()`, so that a run that fails
 * half-way leaves the previous outputs as they were. On disk, commit replaces each output by one
 * rename (never a torn file); a process killed between two of those renames leaves some outputs new
 * and some old, which `perfgate verify` reports (the manifest no longer matches) and the next run
 * replaces (test/hostile/kill-points.test.ts allows a mix only at those points).
 */
import type { Readable } from 'node:stream';
import { GENERATED_FILES } from '../artifacts.ts';
import { sha256Hex, type FileDigest } from '../evidence/hash.ts';
import type { StagedSource } from '../evidence/zip-read.ts';
import { SIGNED_STATEMENT } from '../sign/statement.ts';

/** The files `report` writes: the five outputs, and the signed statement over them. */
export const OUTPUT_NAMES = [...GENERATED_FILES, SIGNED_STATEMENT] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

export interface OutputWriter {
  /** The first `maxBytes` bytes of the current (committed) output, or undefined when there is none. */
  head(name: OutputName, maxBytes: number): Promise<Buffer | undefined>;
  /** Stages an output from bytes in memory. */
  put(name: OutputName, data: Uint8Array): Promise<void>;
  /** Stages an output from a stream; resolves, with the digest of the bytes staged, once they are durable. */
  putStream(name: OutputName, source: Readable): Promise<FileDigest>;
  /** The staged bytes of an output, for reading back before commit. */
  staged(name: OutputName): StagedSource;
  /** Stages the removal of an output (a statement that no longer matches): done first on commit. */
  remove(name: OutputName): Promise<void>;
  /** Makes every staged change visible: removals, then each output replaced in one rename on disk. */
  commit(): Promise<void>;
  /** Drops every staged output; the committed ones stay as they were. */
  discard(): Promise<void>;
}

/** The in-memory writer: `files` holds the committed outputs. */
export class MemoryWriter implements OutputWriter {
  readonly files = new Map<OutputName, Buffer>();
  private readonly pending = new Map<OutputName, Buffer>();
  private readonly removals = new Set<OutputName>();

  constructor(initial: Partial<Record<OutputName, Uint8Array>> = {}) {
    for (const [name, data] of Object.entries(initial))
      this.files.set(name as OutputName, Buffer.from(data as Uint8Array));
  }

  async head(name: OutputName, maxBytes: number): Promise<Buffer | undefined> {
    return this.files.get(name)?.subarray(0, maxBytes);
  }

  async put(name: OutputName, data: Uint8Array): Promise<void> {
    this.pending.set(name, Buffer.from(data));
  }

  async putStream(name: OutputName, source: Readable): Promise<FileDigest> {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(chunk as Buffer);
    const data = Buffer.concat(chunks);
    this.pending.set(name, data);
    return { sha256: sha256Hex(data), bytes: data.length };
  }

  staged(name: OutputName): StagedSource {
    const data = this.pending.get(name);
    if (!data) throw new Error(`output ${name} was not staged`);
    return { kind: 'buffer', data };
  }

  async remove(name: OutputName): Promise<void> {
    this.removals.add(name);
  }

  async commit(): Promise<void> {
    for (const name of this.removals) this.files.delete(name);
    for (const [name, data] of this.pending) this.files.set(name, data);
    this.pending.clear();
    this.removals.clear();
  }

  async discard(): Promise<void> {
    this.pending.clear();
    this.removals.clear();
  }
}
