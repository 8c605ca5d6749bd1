/** Paths written in artifacts (a run's raw output, a profiling link) as files of the bundle. */
import { resolveCycleLink } from '../../validate/rules/links.ts';
import type { OfflineModel } from './model.ts';

/**
 * The bundle path of a cycle file named in an artifact (`from` is the artifact's own path), or
 * null when it leaves the cycle or the bundle does not hold it.
 */
export function runFile(m: OfflineModel, file: string | null | undefined, from = ''): string | null {
  if (file === null || file === undefined) return null;
  const t = resolveCycleLink(file, from);
  return t.kind === 'file' && m.bundled.has(t.path) ? t.path : null;
}
