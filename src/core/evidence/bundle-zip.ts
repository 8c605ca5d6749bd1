/**
 * Streams the bundle's entries into a zip with the layout of `zip-write.ts`, computing as it writes
 * everything a read-back would compute: each entry's SHA-256, CRC-32 and sizes of the bytes that
 * went in, the compressed size of what came out, and its offset. The caller compares them with the
 * manifest pass and checks the central directory against them, so the zip is never read twice.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';
import {
  centralHeader,
  dataDescriptor,
  endRecords,
  localHeader,
  METHOD_DEFLATED,
  METHOD_STORED,
  type ZipRecord,
} from './zip-write.ts';

/** What was written for one entry: its record and the digest of its uncompressed bytes. */
export interface WrittenEntry extends ZipRecord {
  sha256: string;
}

/** The bytes of one entry, in order; the writer hashes them as they pass. */
export type EntryChunks = AsyncIterable<Buffer>;

export class ZipStreamWriter {
  /** The zip's bytes, for the output writer (backpressure comes back through `write`). */
  readonly out = new PassThrough({ highWaterMark: 64 * 1024 });
  private offset = 0;
  private readonly records: WrittenEntry[] = [];
  private readonly level: number;
  /** Stops every wait of an entry under way, so that it ends and closes the file it reads. */
  private readonly stop = new AbortController();

  constructor(level: number) {
    this.level = level;
  }

  private async write(b: Buffer): Promise<void> {
    this.stop.signal.throwIfAborted();
    this.offset += b.length;
    if (!this.out.write(b)) await once(this.out, 'drain', { signal: this.stop.signal });
  }

  /**
   * Gives up (the output failed): the entry under way stops at its next wait and its source is
   * closed, instead of waiting for room that never comes.
   */
  abort(): void {
    this.stop.abort(new Error('the bundle could not be written'));
    this.out.destroy();
  }

  /**
   * Writes one entry. A stored entry needs its CRC-32 and size before its data (from the manifest
   * pass): they go into its local header, and the bytes that pass must have them.
   */
  async add(
    name: string,
    dos: number,
    data: EntryChunks,
    stored: { crc: number; bytes: number } | undefined,
  ): Promise<WrittenEntry> {
    const nameBytes = Buffer.from(name, 'utf8');
    const offset = this.offset;
    const method = stored ? METHOD_STORED : METHOD_DEFLATED;
    await this.write(
      localHeader({
        name: nameBytes,
        method,
        dos,
        crc: stored?.crc ?? 0,
        csize: stored?.bytes ?? 0,
        usize: stored?.bytes ?? 0,
      }),
    );
    const hash = createHash('sha256');
    let crc = 0;
    let usize = 0;
    const seen = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of data) {
        hash.update(chunk);
        crc = crc32(chunk, crc);
        usize += chunk.length;
        yield chunk;
      }
    };
    const start = this.offset;
    if (stored) for await (const chunk of seen()) await this.write(chunk);
    else await this.deflate(seen());
    const record: WrittenEntry = {
      name: nameBytes,
      method,
      crc: crc >>> 0,
      csize: this.offset - start,
      usize,
      offset,
      dos,
      sha256: hash.digest('hex'),
    };
    if (!stored) await this.write(dataDescriptor(record));
    this.records.push(record);
    return record;
  }

  private async deflate(chunks: AsyncIterable<Buffer>): Promise<void> {
    const deflate = createDeflateRaw({ level: this.level });
    const signal = this.stop.signal;
    const feed = (async () => {
      try {
        // Each chunk is deflated before the next is asked for: its reader may reuse the buffer.
        for await (const chunk of chunks)
          await new Promise<void>((resolve, reject) => {
            deflate.write(chunk, (e) => (e ? reject(e) : resolve()));
          });
        deflate.end();
      } catch (e) {
        deflate.destroy(e as Error);
      }
    })();
    try {
      for await (const out of deflate) await this.write(out as Buffer);
    } finally {
      // The feed has ended (and closed its source) before this entry does, even when it failed.
      if (!deflate.destroyed && signal.aborted) deflate.destroy();
      await feed;
    }
  }

  /** Writes the central directory and the end records; returns the central directory's bytes and place. */
  async finish(): Promise<{ records: readonly WrittenEntry[]; centralOffset: number; central: Buffer }> {
    const centralOffset = this.offset;
    const central = Buffer.concat(this.records.map(centralHeader));
    await this.write(central);
    await this.write(endRecords(this.records.length, centralOffset, central.length));
    this.out.end();
    return { records: this.records, centralOffset, central };
  }
}
