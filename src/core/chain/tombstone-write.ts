/**
 * Writing a tombstone (`perfgate prune`): the cycle's manifest and intake copied byte for byte and
 * its note, staged in `.pruned/.<id>.perfgate-tmp-<pid>/`, fsynced, then renamed into place, so that
 * a tombstone is whole or absent. Writing the same tombstone again (a killed prune run again) is a
 * no-op; a different one of the same id is refused.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from '../evidence/alive.ts';
import { EmitError, errnoCode } from '../evidence/errors.ts';
import { EVIDENCE_MANIFEST } from '../evidence/manifest.ts';
import { readFileNoFollow } from '../load/walk.ts';
import { INTAKE } from './intake.ts';
import { keptFilesProblems, PRUNED_DIR, TOMBSTONE_NOTE, type TombstoneNote } from './tombstone.ts';

const MAX_BYTES = 32 * 1024 * 1024;

/** The manifest and intake bytes of an archived cycle, or why a tombstone of it cannot be made. */
export async function keptFiles(
  cycleDir: string,
  cycleId: string,
): Promise<{ manifest: Buffer; intake: Buffer } | string> {
  const read = async (f: string) =>
    readFileNoFollow(path.join(cycleDir, f), MAX_BYTES).catch(
      (e: unknown) => `no readable ${f} (${errnoCode(e) ?? String(e)})`,
    );
  const [manifest, intake] = [await read(EVIDENCE_MANIFEST), await read(INTAKE)];
  if (typeof manifest === 'string') return manifest;
  if (typeof intake === 'string') return intake;
  const problems = keptFilesProblems(cycleId, manifest, intake);
  if (problems.length > 0) return problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return { manifest, intake };
}

async function writeDurable(file: string, data: Buffer): Promise<void> {
  const handle = await open(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o644,
  );
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes the staging folders of prune runs that were killed (their process is gone). */
async function removeStaleStaging(root: string): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const m = /^\..+\.perfgate-tmp-(\d+)$/.exec(name);
    if (m && !isAlive(Number(m[1]))) await rm(path.join(root, name), { recursive: true, force: true });
  }
}

/** Keeps the tombstone of the archived cycle in `cycleDir` under `archiveDir/.pruned/<id>/`; returns its folder. */
export async function writeTombstone(
  archiveDir: string,
  cycleDir: string,
  note: TombstoneNote,
): Promise<string> {
  const kept = await keptFiles(cycleDir, note.cycle_id);
  if (typeof kept === 'string')
    throw new EmitError(
      `Cannot keep a tombstone of ${note.cycle_id} (${cycleDir}): ${kept}; nothing was pruned`,
      'A cycle leaves the archive only when its manifest and intake can stay as its tombstone: restore them, then prune again.',
    );
  const root = path.join(archiveDir, PRUNED_DIR);
  const target = path.join(root, note.cycle_id);
  const existing = await readFileNoFollow(path.join(target, EVIDENCE_MANIFEST), MAX_BYTES).catch(
    () => undefined,
  );
  if (existing?.equals(kept.manifest)) return target; // kept by a run that was killed before it deleted
  if (
    existing ||
    (await lstat(target).then(
      () => true,
      () => false,
    ))
  )
    throw new EmitError(
      `Cannot keep a tombstone of ${note.cycle_id}: ${target} already exists and holds another manifest; nothing was pruned`,
      'Find out where that tombstone comes from (`perfgate verify` checks it) before pruning again.',
    );
  try {
    await mkdir(root, { recursive: true });
    if (!(await lstat(root)).isDirectory())
      throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await removeStaleStaging(root);
    const staging = path.join(root, `.${note.cycle_id}.perfgate-tmp-${process.pid}`);
    try {
      await mkdir(staging);
      await writeDurable(path.join(staging, EVIDENCE_MANIFEST), kept.manifest);
      await writeDurable(path.join(staging, INTAKE), kept.intake);
      await writeDurable(
        path.join(staging, TOMBSTONE_NOTE),
        Buffer.from(JSON.stringify(note, null, 2) + '\n'),
      );
      await rename(staging, target);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } catch (e) {
    throw new EmitError(
      `Could not keep the tombstone of ${note.cycle_id} in ${target} (${errnoCode(e) ?? String(e)}); ${note.cycle_id} was not pruned`,
      `Check that ${root} is a folder you may write, then run prune again.`,
    );
  }
  return target;
}
