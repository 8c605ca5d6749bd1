/** The link of the archive's tamper-evident chain: the previous archived cycle's manifest digest. */
import path from 'node:path';
import { intakePlace, INTAKE } from '../chain/intake.ts';
import { chainOrder, compareChainOrder } from '../chain/order.ts';
import { PRUNED_DIR } from '../chain/tombstone.ts';
import { readPrunedFolder } from '../chain/read.ts';
import { listArchive } from '../history/read.ts';
import { readFileNoFollow } from '../load/walk.ts';
import { parseRfc3339 } from '../time.ts';
import { errnoCode } from '../evidence/errors.ts';
import { hashFile } from '../evidence/hash.ts';
import { EVIDENCE_MANIFEST } from '../artifacts.ts';

export interface PreviousManifest {
  /** SHA-256 of the previous cycle's evidence-manifest.json, or null. */
  sha256: string | null;
  /** The archived cycle directory (or tombstone) it comes from, when there is one. */
  dir?: string;
  /** Why there is no digest, or which archived cycles were skipped, for the person running perfgate. */
  notes: string[];
}

export interface ArchivedCycle {
  dir: string;
  cycleId: string;
  end: number;
  /** A tombstone of a pruned cycle (`.pruned/<id>`): in the chain, without its evidence. */
  pruned?: boolean;
}

const MAX_INTAKE_BYTES = 4 * 1024 * 1024;

/** An archived cycle's id and period end from its intake, or why they cannot be read. */
export async function readIntake(dir: string): Promise<ArchivedCycle | string> {
  let buf: Buffer;
  try {
    buf = await readFileNoFollow(path.join(dir, INTAKE), MAX_INTAKE_BYTES);
  } catch (e) {
    return `${dir}: no readable ${INTAKE} (${errnoCode(e) ?? 'error'})`;
  }
  const place = intakePlace(buf);
  if ('problem' in place) return `${dir}: ${place.problem}`;
  return { dir, cycleId: place.cycleId, end: place.end };
}

/**
 * Every cycle that has a place in the chain: the archived folders and the tombstones that prune
 * kept of removed ones (checking a tombstone is verify's part; here it only holds its place).
 */
export async function placedCycles(
  archiveDir: string,
): Promise<{ cycles: ArchivedCycle[]; notes: string[] }> {
  const cycles: ArchivedCycle[] = [];
  const notes: string[] = [];
  for (const dir of await listArchive(archiveDir)) {
    const c = await readIntake(dir);
    if (typeof c === 'string') notes.push(`skipped archived cycle ${c}`);
    else cycles.push(c);
  }
  for (const t of readPrunedFolder(archiveDir).tombstones) {
    const dir = path.join(archiveDir, PRUNED_DIR, t.folder);
    const intake = t.files[INTAKE];
    const place = Buffer.isBuffer(intake) ? intakePlace(intake) : { problem: `no readable ${INTAKE}` };
    if ('problem' in place) notes.push(`skipped the tombstone ${dir}: ${place.problem}`);
    else cycles.push({ dir, cycleId: place.cycleId, end: place.end, pruned: true });
  }
  return { cycles: chainOrder(cycles), notes };
}

/**
 * Finds the latest cycle of the chain (period end as an instant, then cycle id; tombstones
 * included) other than `cycleId` that ended no later than `periodEnd` (when given: re-reporting an
 * old cycle never links it to a newer one) and hashes its evidence-manifest.json. A latest cycle
 * without a manifest gives null with a note rather than silently linking to an older one.
 */
export async function previousManifest(
  archiveDir: string,
  cycleId: string | null,
  periodEnd?: string,
): Promise<PreviousManifest> {
  const until = periodEnd === undefined ? undefined : parseRfc3339(periodEnd);
  const { cycles, notes } = await placedCycles(archiveDir);
  const latest = cycles
    .filter((c) => c.cycleId !== cycleId && (until === undefined || c.end <= until))
    .sort(compareChainOrder)
    .at(-1);
  if (!latest) return { sha256: null, notes };
  const manifest = path.join(latest.dir, EVIDENCE_MANIFEST);
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
