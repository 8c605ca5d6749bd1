/** Entry-name safety for the bundle and for manifests: checked before anything is written or read. */
import { cmp } from '../diagnostics.ts';
import { nameKey } from '../name-key.ts';

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `name` cannot be a bundle entry or a manifest path; undefined when it is safe. */
export function unsafeName(name: string): string | undefined {
  if (name === '') return 'empty name';
  if (CONTROL.test(name)) return 'control character in the name';
  if (name.includes('\\')) return 'backslash in the name (a path separator on Windows)';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'absolute path';
  const segments = name.split('/');
  if (segments.includes('..')) return '`..` segment (path traversal)';
  if (segments.some((s) => s === '' || s === '.')) return 'empty or `.` path segment';
  return undefined;
}

export interface NameProblem {
  name: string;
  problem: string;
}

/**
 * Every unsafe name, exact duplicate, and pair of names that collide after full case folding and
 * NFC (`nameKey`): an extraction on a case-insensitive or normalising file system keeps only one.
 */
export function checkNames(names: readonly string[]): NameProblem[] {
  const problems: NameProblem[] = [];
  const exact = new Set<string>();
  const folded = new Map<string, string>();
  for (const name of names) {
    const unsafe = unsafeName(name);
    if (unsafe) problems.push({ name, problem: unsafe });
    if (exact.has(name)) {
      problems.push({ name, problem: 'duplicate name' });
      continue;
    }
    exact.add(name);
    const key = nameKey(name);
    const other = folded.get(key);
    if (other !== undefined)
      problems.push({ name, problem: `collides with \`${other}\` on case-insensitive file systems` });
    else folded.set(key, name);
  }
  return problems.sort((a, b) => cmp(a.name, b.name) || cmp(a.problem, b.problem));
}
