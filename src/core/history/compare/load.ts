/**
 * `perfgate compare`'s reading: a cycle named by its id (in the archive, or the current cycle) or by
 * the path of its directory, loaded, validated and decided the way the site decides it (an archived
 * cycle's frozen decision; the current cycle evaluated at the evaluation time), then reduced to its
 * compare record.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { cmp } from '../../diagnostics.ts';
import { loadCycle } from '../../load/cycle.ts';
import { type LoadedConfig } from '../../load/config.ts';
import { validateCycle } from '../../validate/index.ts';
import { decide } from '../assemble.ts';
import { cycleDetails, cycleVerdict } from '../details.ts';
import { listArchive, summarise } from '../read.ts';
import { compareSide } from './side.ts';
import type { CompareSide } from './types.ts';

export interface CompareLocations {
  artifactsDir: string;
  archiveDir: string;
  config: LoadedConfig;
  evaluatedAt: string;
}

/** A cycle that could not be found: the id or path as given, and the ids that exist. */
export class CycleNotFound extends Error {
  readonly given: string;
  readonly known: string[];
  constructor(given: string, known: string[]) {
    super(`No cycle ${given}`);
    this.given = given;
    this.known = known;
  }
}

const isDir = (p: string) =>
  lstat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** The compare record of one cycle directory. */
async function sideOf(dir: string, source: 'current' | 'archived', loc: CompareLocations) {
  const cycle = await loadCycle(dir, { upstream: source === 'current' });
  const validation = validateCycle(cycle, loc.config);
  const summary = summarise(cycle, validation, source);
  const { evaluation, decision } = await decide(
    { dir, source, cycle, validation, summary },
    { evaluatedAt: loc.evaluatedAt, base: '/' },
  );
  return compareSide({
    slug: path.basename(dir),
    cycle_id: summary.cycle_id,
    title: summary.title,
    period: summary.period,
    verdict: cycleVerdict(evaluation.gates),
    decision,
    evaluation,
    details: cycleDetails(validation.artifacts, evaluation),
  });
}

/** Loads the cycle `given` names: a directory path, an archived folder name or a cycle id. */
export async function loadCompareSide(given: string, loc: CompareLocations): Promise<CompareSide> {
  const current = path.resolve(loc.artifactsDir);
  const sourceOf = (dir: string) => (path.resolve(dir) === current ? 'current' : 'archived');
  const inArchive = path.join(loc.archiveDir, given);
  if (!given.includes('/') && !given.includes(path.sep) && (await isDir(inArchive)))
    return sideOf(inArchive, 'archived', loc);
  if (await isDir(given)) return sideOf(given, sourceOf(given), loc);
  // A cycle id that is not its folder's name: look it up among the archived cycles and the current one.
  const dirs = [...(await listArchive(loc.archiveDir))];
  if (await isDir(loc.artifactsDir)) dirs.push(loc.artifactsDir);
  const known: string[] = [];
  for (const dir of dirs) {
    const side = await sideOf(dir, sourceOf(dir), loc);
    if (side.cycle_id === given) return side;
    known.push(side.cycle_id);
  }
  throw new CycleNotFound(given, [...new Set(known)].sort(cmp));
}
