/** Links of a cycle file: where they point, and which attachments are flame graphs. */
import path from 'node:path';

/** Extensions that make an attachment a flame graph (ARTIFACTS.md, profiling-report.md). */
export const FLAME_GRAPH_EXTENSIONS = [
  '.svg',
  '.html',
  '.cpuprofile',
  '.speedscope.json',
  '.folded',
  '.collapsed',
  '.pprof',
  '.pb.gz',
];

export type LinkTarget = { kind: 'external' } | { kind: 'outside' } | { kind: 'file'; path: string };

/**
 * Resolves a Markdown link of a cycle file to a path inside the cycle. Links with a scheme are
 * external; absolute paths and paths climbing out of the cycle are `outside` and never read.
 */
export function resolveCycleLink(url: string, fromFile: string): LinkTarget {
  const trimmed = url.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^file:/i.test(trimmed)) return { kind: 'external' };
  if (
    /^file:/i.test(trimmed) ||
    trimmed.startsWith('/') ||
    trimmed.startsWith('\\') ||
    trimmed.startsWith('//')
  )
    return { kind: 'outside' };
  let decoded = trimmed.replace(/[?#].*$/, '');
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    return { kind: 'outside' };
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return { kind: 'outside' };
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), decoded));
  if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined))
    return { kind: 'outside' };
  return { kind: 'file', path: joined };
}
