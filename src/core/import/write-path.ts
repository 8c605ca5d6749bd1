/**
 * Where an import may write inside a cycle: never through a symbolic link. Every path component that
 * perfgate creates or writes into below the cycle directory is checked (the folder it creates, the
 * file it writes), so that a linked `loadtests/` or `diagnostics/` cannot carry a copy out of the cycle.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';

/** Why a path inside the cycle cannot be written, in the words of a diagnostic. */
export interface UnsafeWrite {
  /** The offending component, as the user can find it (the cycle directory joined with it). */
  path: string;
  /** What is wrong with it, to follow `path: `. */
  problem: string;
  hint: string;
}

/**
 * The first component of `rel` (a `/`-separated path below `root`) that is a symbolic link, or that
 * is something other than a folder (or, for the last component, a regular file) where perfgate
 * needs one; undefined when every existing component is safe (missing ones are created by perfgate).
 */
export async function unsafeWritePath(root: string, rel: string): Promise<UnsafeWrite | undefined> {
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    const shown = path.join(root, ...parts.slice(0, i + 1));
    const st = await lstat(shown).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    // Nothing there: perfgate creates this component and everything below it.
    if (!st) return undefined;
    const last = i === parts.length - 1;
    if (st.isSymbolicLink())
      return {
        path: shown,
        problem:
          'Unexpected symbolic link: perfgate never writes through a link (it could point out of the cycle directory)',
        hint: `Replace the link with a real ${last ? 'file' : 'folder'} inside the cycle directory (move the linked ${last ? 'file' : 'files'} there), then import again.`,
      };
    if (last ? !st.isFile() : !st.isDirectory())
      return {
        path: shown,
        problem: `Unexpected ${st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'special file'}, expected ${last ? 'a regular file' : 'a folder'}: perfgate writes ${rel} there`,
        hint: `Move ${shown} out of the cycle directory, or rename it; perfgate writes ${rel} itself.`,
      };
  }
  return undefined;
}

/** The first unsafe path among `rels` (checked in order), or undefined. */
export async function firstUnsafeWrite(
  root: string,
  rels: readonly string[],
): Promise<UnsafeWrite | undefined> {
  for (const rel of rels) {
    const unsafe = await unsafeWritePath(root, rel);
    if (unsafe) return unsafe;
  }
  return undefined;
}
