/**
 * Strict zips: the local entries must tile the file exactly, from byte 0 to the central
 * directory, which must be followed by nothing but its end records (no comment, no trailing
 * bytes). Anything else is room for bytes that one extractor sees and another does not (a
 * streaming reader such as Java's ZipInputStream reads local entries the central directory omits).
 */
import type { Problem } from './zip-checks.ts';
import { endRecordProblems, type ZipLayout } from './zip-end.ts';

export type { ZipLayout } from './zip-end.ts';

export interface EntrySpan {
  name: string;
  /** Offset of the local header. */
  start: number;
  /** End of the entry's data (before any data descriptor). */
  dataEnd: number;
  /** End of the entry: its data, then its data descriptor when it has one. */
  end: number;
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
  let dataEnd = 0;
  let after: string | undefined;
  for (const s of sorted) {
    // An entry starting inside the previous one's data is an overlap (reported as such); inside
    // its data descriptor, a streaming reader would read the descriptor from the entry's header.
    if (after && s.start < cursor && s.start >= dataEnd)
      out.push({
        kind: 'not-tiled',
        path: s.name,
        message: `entry starts at offset ${s.start}, inside the data descriptor of entry \`${after}\``,
      });
    if (s.start > cursor)
      out.push({
        kind: 'not-tiled',
        path: after ?? label,
        message: `${s.start - cursor} bytes at offset ${cursor} ${after ? `between entry \`${after}\` and entry \`${s.name}\`` : `before the first entry \`${s.name}\``} belong to no listed entry`,
      });
    if (s.end >= cursor) {
      cursor = s.end;
      dataEnd = s.dataEnd;
      after = s.name;
    }
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
  out.push(...(await endRecordProblems(layout, label)));
  return out;
}
