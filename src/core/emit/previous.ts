/** The link of the archive's tamper-evident chain: the previous archived cycle's manifest digest. */
import path from 'node:path';
import { cmp } from '../diagnostics.ts';
import { listArchive } from '../history/read.ts';
import { parseStrictJson } from '../load/json.ts';
import { decodeUtf8 } from '../load/text.ts';
import { readFileNoFollow } from '../load/walk.ts';
import { parseRfc3339 } from '../time.ts';
import { errnoCode } from './errors.ts';
import { hashFile } from './hash.ts';

export interface PreviousManifest {
  /** SHA-256 of the previous cycle's evidence-manifest.json, or null. */
  sha256: string | null;
  /** The archived cycle directory it comes from, when there is one. */
  dir?: string;
  /** Why there is no digest, or which archived cycles were skipped, for the person running perfgate. */
  notes: string[];
}

export interface ArchivedCycle {
  dir: string;
  cycleId: string;
  end: number;
}

const MAX_INTAKE_BYTES = 4 * 1024 * 1024;

/** An archived cycle's id and period end from its intake, or why they cannot be read. */
export async function readIntake(dir: string): Promise<ArchivedCycle | string> {
  const file = path.join(dir, 'performance-intake-report.json');
  let buf: Buffer;
  try {
    buf = await readFileNoFollow(file, MAX_INTAKE_BYTES);
  } catch (e) {
    return `${dir}: no readable performance-intake-report.json (${errnoCode(e) ?? 'error'})`;
  }
  const text = decodeUtf8(buf);
  const parsed = text.ok ? parseStrictJson(text.text, file) : undefined;
  const data = parsed?.diagnostics.length === 0 ? (parsed.data as Record<string, unknown>) : undefined;
  const period = data?.period as { end?: unknown } | undefined;
  const end = typeof period?.end === 'string' ? parseRfc3339(period.end) : undefined;
  if (typeof data?.cycle_id !== 'string' || end === undefined)
    return `${dir}: performance-intake-report.json has no valid cycle_id and period.end`;
  return { dir, cycleId: data.cycle_id, end };
}

/**
 * Finds the latest archived cycle (by its intake's period.end, then cycle id) other than `cycleId`
 * that ended no later than `periodEnd` (when given: re-reporting an old cycle never links it to a
 * newer one) and hashes its evidence-manifest.json. A latest cycle without a manifest gives null with a note
 * rather than silently linking to an older one.
 */
export async function previousManifest(
  archiveDir: string,
  cycleId: string | null,
  periodEnd?: string,
): Promise<PreviousManifest> {
  const until = periodEnd === undefined ? undefined : parseRfc3339(periodEnd);
  const notes: string[] = [];
  const cycles: ArchivedCycle[] = [];
  for (const dir of await listArchive(archiveDir)) {
    const c = await readIntake(dir);
    if (typeof c === 'string') notes.push(`skipped archived cycle ${c}`);
    else if (c.cycleId !== cycleId && (until === undefined || c.end <= until)) cycles.push(c);
  }
  cycles.sort((a, b) => b.end - a.end || cmp(b.cycleId, a.cycleId));
  const latest = cycles[0];
  if (!latest) return { sha256: null, notes };
  const manifest = path.join(latest.dir, 'evidence-manifest.json');
  try {
    const { sha256 } = await hashFile(manifest, manifest);
    return { sha256, dir: latest.dir, notes };
  } catch {
    notes.push(
      `the latest archived cycle ${latest.cycleId} (${latest.dir}) has no readable evidence-manifest.json: previous_manifest_sha256 is null`,
    );
    return { sha256: null, dir: latest.dir, notes };
  }
}
