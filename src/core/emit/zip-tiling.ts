/**
 * Strict zips: the local entries must tile the file exactly, from byte 0 to the central
 * directory, which must be followed by nothing but its end records (no comment, no trailing
 * bytes). Anything else is room for bytes that one extractor sees and another does not (a
 * streaming reader such as Java's ZipInputStream reads local entries the central directory omits).
 */
import type { Problem } from './zip-checks.ts';

export interface EntrySpan {
  name: string;
  /** Offset of the local header. */
  start: number;
  /** End of the entry's data (before any data descriptor). */
  dataEnd: number;
  /** Whether a data descriptor follows the data (general purpose flag bit 3). */
  descriptor: boolean;
  zip64: boolean;
}

export interface ZipLayout {
  fileSize: number;
  centralDirectoryStart: number;
  centralDirectoryEnd: number;
  commentLength: number;
  /** Reads `length` bytes at `position` (fewer at the end of the file). */
  readAt: (position: number, length: number) => Promise<Buffer>;
}

const DESCRIPTOR_SIG = 0x08074b50;
const ZIP64_EOCDR_SIG = 0x06064b50;
const EOCD = 22;
const ZIP64_TRAILER = 56 + 20 + EOCD;

async function entryEnd(span: EntrySpan, layout: ZipLayout): Promise<number> {
  if (!span.descriptor) return span.dataEnd;
  const head = await layout.readAt(span.dataEnd, 4);
  const signed = head.length === 4 && head.readUInt32LE(0) === DESCRIPTOR_SIG;
  return span.dataEnd + (signed ? 4 : 0) + (span.zip64 ? 20 : 12);
}

/** Every gap, overlap-free prefix, trailing byte or comment that breaks the tiling, named by place. */
export async function tilingProblems(
  spans: readonly EntrySpan[],
  layout: ZipLayout,
  label: string,
): Promise<Problem[]> {
  const out: Problem[] = [];
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let cursor = 0;
  let after: string | undefined;
  for (const s of sorted) {
    if (s.start > cursor)
      out.push({
        kind: 'not-tiled',
        path: after ?? label,
        message: `${s.start - cursor} bytes at offset ${cursor} ${after ? `between entry \`${after}\` and entry \`${s.name}\`` : `before the first entry \`${s.name}\``} belong to no listed entry`,
      });
    cursor = Math.max(cursor, await entryEnd(s, layout));
    after = s.name;
  }
  if (layout.centralDirectoryStart !== cursor)
    out.push({
      kind: 'not-tiled',
      path: after ?? label,
      message:
        layout.centralDirectoryStart > cursor
          ? `${layout.centralDirectoryStart - cursor} bytes at offset ${cursor} between the last entry and the central directory belong to no listed entry (a hidden entry?)`
          : 'the last entry runs into the central directory',
    });
  if (layout.commentLength > 0)
    out.push({
      kind: 'not-tiled',
      path: label,
      message: `the zip carries an archive comment of ${layout.commentLength} bytes`,
    });
  const trailer = layout.fileSize - layout.centralDirectoryEnd - layout.commentLength;
  let ok = trailer === EOCD;
  if (trailer === ZIP64_TRAILER) {
    const sig = await layout.readAt(layout.centralDirectoryEnd, 4);
    ok = sig.length === 4 && sig.readUInt32LE(0) === ZIP64_EOCDR_SIG;
  }
  if (!ok)
    out.push({
      kind: 'not-tiled',
      path: label,
      message: `${trailer} bytes follow the central directory where only its end record belongs (data hidden after the entries, or trailing bytes)`,
    });
  return out;
}
