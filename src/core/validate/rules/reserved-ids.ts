/**
 * A cycle's pages live under `/cycles/<cycle_id>/`: an id that names one of the site's own routes
 * there (`page`, `index.html`, ...) would overwrite it or fail the build. The list is derived from
 * the site's pages (`src/pages/cycles/`), so a new route is reserved as soon as it exists.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag, type Diagnostic } from '../../diagnostics.ts';
import { lineOf } from '../../load/json.ts';
import type { LoadedArtifact } from '../../load/cycle.ts';

/** The folder of the site's routes under /cycles/ (the same from src/ and from the compiled lib/). */
const CYCLE_ROUTES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../src/pages/cycles',
);

let cached: string[] | undefined;

/** URL segments under /cycles/ that the site uses itself, sorted. */
export function reservedCycleIds(dir = CYCLE_ROUTES): string[] {
  if (cached && dir === CYCLE_ROUTES) return cached;
  const names = new Set<string>();
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    entries = [];
  }
  for (const e of entries) {
    if (e.startsWith('[') || e.startsWith('.')) continue; // a dynamic route: the cycles themselves
    const name = e.replace(/\.(astro|ts|js|md|mdx)$/, '');
    names.add(name);
    if (name === 'index') names.add('index.html');
  }
  const list = [...names].sort();
  if (dir === CYCLE_ROUTES) cached = list;
  return list;
}

/** An error when the intake's cycle_id collides with a route of the site. */
export function reservedIdRule(intake: LoadedArtifact | undefined): Diagnostic[] {
  const cycleId = (intake?.data as { cycle_id?: unknown } | undefined)?.cycle_id;
  if (!intake || typeof cycleId !== 'string') return [];
  const reserved = reservedCycleIds();
  if (!reserved.includes(cycleId.toLowerCase())) return [];
  return [
    diag(
      'intake.reserved-id',
      'error',
      intake.file,
      `Unexpected cycle_id \`${cycleId}\`: the site uses /cycles/${cycleId}/ for its own pages`,
      `Choose another id (for example 2026-11-${cycleId.replace(/[^a-z0-9]+/gi, '-')}); reserved: ${reserved.map((r) => `\`${r}\``).join(', ')}.`,
      { pointer: '/cycle_id', line: lineOf(intake.lines, '/cycle_id') },
    ),
  ];
}
