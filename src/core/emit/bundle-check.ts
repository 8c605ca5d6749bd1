/**
 * The check of a bundle as written: its central directory and end records, read back from the
 * staged file, must be byte for byte what was computed while the entries streamed in, and a zip
 * reader (yauzl) must find in them exactly the entries written, with their CRC-32, sizes and
 * offsets. Entry data is not read again: its SHA-256 and CRC-32 were computed on the way in.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import yauzl, { type Entry } from 'yauzl';
import type { WrittenEntry } from '../evidence/bundle-zip.ts';
import type { StagedSource } from '../evidence/zip-read.ts';

export interface WrittenZip {
  records: readonly WrittenEntry[];
  centralOffset: number;
  central: Buffer;
}

async function tail(source: StagedSource, from: number): Promise<Buffer> {
  if (source.kind === 'buffer') return source.data.subarray(from);
  const handle = await open(source.path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const size = (await handle.stat()).size;
    const buf = Buffer.alloc(Math.max(0, size - from));
    await handle.read(buf, 0, buf.length, from);
    return buf;
  } finally {
    await handle.close();
  }
}

async function listEntries(source: StagedSource): Promise<Entry[]> {
  const options = { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: false };
  const zip =
    source.kind === 'buffer'
      ? await yauzl.fromBufferPromise(source.data, options)
      : await yauzl.openPromise(source.path, options);
  const out: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return out;
}

/** Problems found (empty when the bundle on disk is the one written). */
export async function checkCentral(source: StagedSource, written: WrittenZip): Promise<string[]> {
  const problems: string[] = [];
  const back = await tail(source, written.centralOffset);
  if (!back.subarray(0, written.central.length).equals(written.central))
    problems.push('the central directory on disk differs from the one written');
  const entries = await listEntries(source).catch((e: Error) => {
    problems.push(`the written zip cannot be listed (${e.message})`);
    return [] as Entry[];
  });
  if (entries.length !== written.records.length)
    problems.push(`${entries.length} entries listed, ${written.records.length} written`);
  entries.forEach((e, i) => {
    const r = written.records[i];
    const name = (e.fileName as unknown as Buffer).toString('utf8');
    if (
      !r ||
      !(e.fileName as unknown as Buffer).equals(r.name) ||
      e.crc32 !== r.crc ||
      e.compressedSize !== r.csize ||
      e.uncompressedSize !== r.usize ||
      e.relativeOffsetOfLocalHeader !== r.offset ||
      e.compressionMethod !== r.method
    )
      problems.push(`${name}: the central directory does not describe the entry as written`);
  });
  return problems;
}
