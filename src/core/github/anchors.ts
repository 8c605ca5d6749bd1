/**
 * The trust anchors CI publishes (issue 11): the chain head (SHA-256 of the newest archived
 * cycle's evidence-manifest.json) and the SHA-256 of the evidence bundles, and the newest archived
 * cycle before the current one for the "since" comparison.
 */
import path from 'node:path';
import { previousManifest } from '../emit/previous.ts';
import { hashFile } from '../evidence/hash.ts';
import { readFileNoFollow } from '../load/walk.ts';
import { isGatesReport, type GatesReport } from './types.ts';

export const BUNDLE = 'performance-evidence-bundle.zip';

export interface Anchors {
  /** Newest archived cycle (any, the current one included once archived) and its manifest digest. */
  chainHead: { sha256: string; cycleDir: string } | null;
  /** The current cycle's bundle, when `perfgate report` has written one. */
  bundle: { sha256: string; file: string } | null;
  /** The chain head cycle's own bundle, when it has one. */
  headBundle: { sha256: string; file: string } | null;
}

async function digestOrNull(file: string): Promise<{ sha256: string; file: string } | null> {
  try {
    return { sha256: (await hashFile(file, file)).sha256, file };
  } catch {
    return null; // absent or not a regular file: nothing to anchor
  }
}

/** Hashes what exists; a missing archive or bundle gives null, never an error. */
export async function readAnchors(artifactsDir: string, archiveDir: string): Promise<Anchors> {
  const head = await previousManifest(archiveDir, null);
  const chainHead = head.sha256 && head.dir ? { sha256: head.sha256, cycleDir: head.dir } : null;
  return {
    chainHead,
    bundle: await digestOrNull(path.join(artifactsDir, BUNDLE)),
    headBundle: chainHead ? await digestOrNull(path.join(chainHead.cycleDir, BUNDLE)) : null,
  };
}

export interface PreviousCycle {
  cycleId: string;
  report: GatesReport;
}

const MAX_REPORT_BYTES = 32 * 1024 * 1024;

/**
 * The newest archived cycle other than `cycleId` with its frozen validation-report.json: what the
 * base branch published last (the archive is only written on the default branch).
 */
export async function previousCycle(
  archiveDir: string,
  cycleId: string | null,
): Promise<PreviousCycle | null> {
  const prev = await previousManifest(archiveDir, cycleId);
  if (!prev.dir) return null;
  try {
    const data: unknown = JSON.parse(
      (await readFileNoFollow(path.join(prev.dir, 'validation-report.json'), MAX_REPORT_BYTES)).toString(
        'utf8',
      ),
    );
    if (!isGatesReport(data)) return null;
    return {
      cycleId: typeof data.cycle_id === 'string' ? data.cycle_id : path.basename(prev.dir),
      report: data,
    };
  } catch {
    return null; // no frozen report: the comparison is left out, the rest of the summary stands
  }
}
