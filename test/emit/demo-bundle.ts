/** The demo's current cycle reported into a temporary copy of the repository's demo folders, and its bundle extracted. */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { perfgate, ROOT, type RunResult } from '../site/build.ts';

/** The demo archive test's evaluation time: the current cycle is decided as of it. */
export const DEMO_AS_OF = '2026-11-24T00:00:00Z';

export interface DemoCopy {
  root: string;
  /** The cycle directory (`.artifacts/protocol-18`). */
  dir: string;
  bundle: string;
}

/** A copy of `.artifacts`, `config` and `content/cycles` in a temporary folder (the repository stays untouched). */
export async function demoCopy(): Promise<DemoCopy> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-offline-demo-'));
  for (const d of ['.artifacts', 'config', 'content/cycles'])
    await cp(path.join(ROOT, d), path.join(root, d), { recursive: true });
  const dir = path.join(root, '.artifacts/protocol-18');
  return { root, dir, bundle: path.join(dir, 'performance-evidence-bundle.zip') };
}

/** `perfgate report` on the copy, as a user runs it there (a child process, its working directory the copy). */
export function reportDemo(demo: DemoCopy, env: Record<string, string> = {}): Promise<RunResult> {
  return perfgate(['report', '--as-of', DEMO_AS_OF], demo.root, env);
}

/** Extracts a bundle with Info-ZIP's unzip (not perfgate's reader) into a new folder. */
export async function extract(bundle: string, into: string): Promise<string> {
  await mkdir(into, { recursive: true });
  execFileSync('unzip', ['-q', bundle, '-d', into]);
  return into;
}
