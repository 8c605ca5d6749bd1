/**
 * After `perfgate archive` the current folder may still hold the cycle it froze. The same cycle
 * (same id, same evidence-manifest.json bytes) is shown once, as archived; a current cycle whose
 * id is already archived with other evidence is a conflict the build names (ARTIFACTS.md section 5).
 */
import path from 'node:path';
import { EmitError } from '../evidence/errors.ts';
import { readFileNoFollow } from '../load/walk.ts';
import { EVIDENCE_MANIFEST } from '../artifacts.ts';

const MAX_BYTES = 32 * 1024 * 1024;

interface Entry {
  dir: string;
  source: 'current' | 'archived';
  summary: { cycle_id: string };
}

async function manifestBytes(dir: string): Promise<Buffer | null> {
  try {
    return await readFileNoFollow(path.join(dir, EVIDENCE_MANIFEST), MAX_BYTES);
  } catch {
    return null;
  }
}

/** The entries without the current cycle when the archive holds it unchanged; throws on a conflict. */
export async function dropArchivedCurrent<T extends Entry>(entries: T[]): Promise<T[]> {
  const current = entries.find((e) => e.source === 'current');
  if (!current) return entries;
  const archived = entries.find(
    (e) => e.source === 'archived' && e.summary.cycle_id === current.summary.cycle_id,
  );
  if (!archived) return entries;
  const [mine, frozen] = await Promise.all([manifestBytes(current.dir), manifestBytes(archived.dir)]);
  if (mine && frozen && mine.equals(frozen)) return entries.filter((e) => e !== current);
  const why = !mine
    ? `${current.dir} has no ${EVIDENCE_MANIFEST}`
    : !frozen
      ? `${archived.dir} has no readable ${EVIDENCE_MANIFEST}`
      : `their ${EVIDENCE_MANIFEST} files differ`;
  throw new EmitError(
    `The current cycle ${current.summary.cycle_id} (${current.dir}) is already archived as ${archived.dir}, and ${why}; nothing was built`,
    'Start the next cycle with `perfgate init` (the archived copy is the record), or give the current cycle a new cycle_id and archive it under that id.',
  );
}
