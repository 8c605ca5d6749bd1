/**
 * Tombstones: what `perfgate prune` keeps of an archived cycle it removes, so that the chain stays
 * whole and each removal can be checked against the retention policy (ARTIFACTS.md section 5).
 *
 * Layout: `<archive>/.pruned/<cycle_id>/` holding the cycle's own `evidence-manifest.json` and
 * `performance-intake-report.json`, byte for byte, and `tombstone.json` (when and why it was
 * pruned). The manifest is authenticated by the chain (the next cycle pinned its SHA-256), the
 * intake by the manifest (it lists the intake's SHA-256), so the period end that the retention
 * check uses is authentic; the note's `pruned_at` is checked against the policy and the clock.
 * The folder's dot-name keeps it out of the history's pages. Pure: reading is read.ts.
 */
import { sha256Hex } from '../evidence/hash.ts';
import { readManifest } from '../evidence/manifest-read.ts';
import { EVIDENCE_MANIFEST, type SignedBy } from '../evidence/manifest.ts';
import { parseStrictJson } from '../load/json.ts';
import { decodeUtf8 } from '../load/text.ts';
import { addMonths } from '../retention.ts';
import { SLUG } from '../slug.ts';
import { parseRfc3339 } from '../time.ts';
import { INTAKE, intakePlace, type IntakePlace } from './intake.ts';
import type { ChainNode } from './links.ts';

/** The archive's folder of tombstones (a dot-name: never listed as an archived cycle). */
export const PRUNED_DIR = '.pruned';
/** The note of a tombstone: when and why the cycle was pruned. */
export const TOMBSTONE_NOTE = 'tombstone.json';
/** Every file a tombstone holds, and nothing else. */
export const TOMBSTONE_FILES = [EVIDENCE_MANIFEST, INTAKE, TOMBSTONE_NOTE] as const;

/** tombstone.json as prune writes it. */
export interface TombstoneNote {
  cycle_id: string;
  /** The prune's evaluation time. */
  pruned_at: string;
  reason: string;
  /** The retention prune applied (for the reader; verify applies its own). */
  archive_months: number;
  tool: string;
}

/** A tombstone's files as found on disk (absent or unreadable: a reason instead of bytes). */
export interface TombstoneFiles {
  /** Its folder's name under `.pruned/` (the cycle id). */
  folder: string;
  files: Partial<Record<(typeof TOMBSTONE_FILES)[number], Buffer | { unreadable: string }>>;
  /** Entries of the folder that a tombstone never holds. */
  others: string[];
}

/** The retention a tombstone must have respected, and the moment of the check. */
export interface PrunePolicy {
  archiveMonths: number;
  /** Milliseconds since the epoch: a prune cannot be dated later than this. */
  now: number;
}

/** A problem of a tombstone: the file of the tombstone it concerns, and what was expected. */
export interface TombstoneProblem {
  path: string;
  message: string;
}

/** A tombstone checked: its place in the chain (when it has one) and its problems. */
export interface CheckedTombstone {
  /** How findings name it: `.pruned/<folder>`. */
  name: string;
  node?: ChainNode;
  prunedAt: string | null;
  signedBy: SignedBy | null;
  problems: TombstoneProblem[];
}

/** How findings and listings name a tombstone. */
export const tombstoneName = (folder: string): string => `${PRUNED_DIR}/${folder}`;

function bytesOf(f: Buffer | { unreadable: string } | undefined, file: string, problems: TombstoneProblem[]) {
  if (Buffer.isBuffer(f)) return f;
  problems.push({
    path: file,
    message: `${f ? `unreadable (${f.unreadable})` : 'missing'}: a tombstone keeps the pruned cycle's ${file}`,
  });
  return undefined;
}

function readNote(bytes: Buffer): Partial<TombstoneNote> | undefined {
  const text = decodeUtf8(bytes);
  const parsed = text.ok ? parseStrictJson(text.text, TOMBSTONE_NOTE) : undefined;
  const data = parsed?.diagnostics.length === 0 ? parsed.data : undefined;
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Partial<TombstoneNote>)
    : undefined;
}

/** The manifest and intake a tombstone keeps, as read, with what is wrong with them. */
interface Kept {
  manifest?: ReturnType<typeof readManifest>['manifest'];
  place?: IntakePlace;
  problems: TombstoneProblem[];
}

/**
 * Checks what a tombstone keeps of cycle `cycleId`: its manifest names the cycle, and its intake
 * names it too, has a period end, and is the intake the manifest lists (same SHA-256 and size).
 */
function checkKept(cycleId: string, manifestBytes?: Buffer, intakeBytes?: Buffer): Kept {
  const problems: TombstoneProblem[] = [];
  const read = manifestBytes ? readManifest(manifestBytes, EVIDENCE_MANIFEST) : undefined;
  for (const p of read?.problems ?? []) problems.push({ path: EVIDENCE_MANIFEST, message: p.message });
  const manifest = read?.manifest;
  if (manifest && manifest.cycleId !== cycleId)
    problems.push({
      path: EVIDENCE_MANIFEST,
      message: `names cycle ${manifest.cycleId ?? '(none)'}, not ${cycleId}`,
    });
  const place = intakeBytes ? intakePlace(intakeBytes) : undefined;
  if (place && 'problem' in place) problems.push({ path: INTAKE, message: place.problem });
  else if (place && place.cycleId !== cycleId)
    problems.push({ path: INTAKE, message: `names cycle ${place.cycleId}, not ${cycleId}` });
  if (manifest && intakeBytes) {
    const listed = manifest.files.find((f) => f.path === INTAKE);
    const sha = sha256Hex(intakeBytes);
    if (!listed)
      problems.push({
        path: INTAKE,
        message: `not listed in ${EVIDENCE_MANIFEST}: its period end is not authenticated`,
      });
    else if (listed.sha256 !== sha || listed.bytes !== intakeBytes.length)
      problems.push({
        path: INTAKE,
        message: `sha256 ${sha} (${intakeBytes.length} bytes), but the manifest lists ${listed.sha256} (${listed.bytes ?? '?'} bytes): not the intake the chain authenticates`,
      });
  }
  return { ...(manifest ? { manifest } : {}), ...(place ? { place } : {}), problems };
}

/** Why a cycle's manifest and intake could not make a valid tombstone (empty: they can). */
export function keptFilesProblems(
  cycleId: string,
  manifestBytes: Buffer,
  intakeBytes: Buffer,
): TombstoneProblem[] {
  if (!SLUG.test(cycleId))
    return [
      {
        path: INTAKE,
        message: `cycle_id ${JSON.stringify(cycleId)} is not a slug: it cannot name a tombstone folder`,
      },
    ];
  return checkKept(cycleId, manifestBytes, intakeBytes).problems;
}

/**
 * Checks a tombstone: its manifest names its cycle, its intake is the one the manifest lists, its
 * note names the cycle and a prune time, and that time lies between the end of the cycle's
 * retention (period end + archive months) and `policy.now`.
 */
export function checkTombstone(t: TombstoneFiles, policy: PrunePolicy): CheckedTombstone {
  const problems: TombstoneProblem[] = [];
  const name = tombstoneName(t.folder);
  for (const o of t.others)
    problems.push({
      path: o,
      message: `not part of a tombstone (it holds only ${TOMBSTONE_FILES.join(', ')})`,
    });
  const manifestBytes = bytesOf(t.files[EVIDENCE_MANIFEST], EVIDENCE_MANIFEST, problems);
  const intakeBytes = bytesOf(t.files[INTAKE], INTAKE, problems);
  const noteBytes = bytesOf(t.files[TOMBSTONE_NOTE], TOMBSTONE_NOTE, problems);
  const { manifest, place, problems: kept } = checkKept(t.folder, manifestBytes, intakeBytes);
  problems.push(...kept);
  const note = noteBytes ? readNote(noteBytes) : undefined;
  const prunedAtMs = typeof note?.pruned_at === 'string' ? parseRfc3339(note.pruned_at) : undefined;
  if (noteBytes && (!note || note.cycle_id !== t.folder || prunedAtMs === undefined))
    problems.push({
      path: TOMBSTONE_NOTE,
      message: `expected {"cycle_id": "${t.folder}", "pruned_at": an RFC 3339 time, ...}, as \`perfgate prune\` writes it`,
    });
  if (place && !('problem' in place) && prunedAtMs !== undefined) {
    const expires = addMonths(new Date(place.end).toISOString(), policy.archiveMonths);
    if (prunedAtMs < Date.parse(expires))
      problems.push({
        path: TOMBSTONE_NOTE,
        message: `pruned at ${note!.pruned_at}, but its period ended ${place.endText} and archived cycles are kept ${policy.archiveMonths} months: it was inside retention until ${expires}`,
      });
    if (prunedAtMs > policy.now)
      problems.push({
        path: TOMBSTONE_NOTE,
        message: `pruned_at ${note!.pruned_at} is later than now (${new Date(policy.now).toISOString()}): a prune cannot be dated in the future`,
      });
  }
  const node =
    place && !('problem' in place) && manifestBytes && manifest
      ? {
          name,
          cycleId: place.cycleId,
          end: place.end,
          manifest: sha256Hex(manifestBytes),
          previous: manifest.previous,
        }
      : undefined;
  return {
    name,
    ...(node ? { node } : {}),
    prunedAt: prunedAtMs !== undefined ? (note!.pruned_at as string) : null,
    signedBy: manifest?.signedBy ?? null,
    problems,
  };
}

/** The protocol's archive retention (section 10), when no config says otherwise. */
export const PROTOCOL_ARCHIVE_MONTHS = 24;
