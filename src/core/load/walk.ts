/** Walks a cycle directory without ever following a link out of it. */
import { lstat, opendir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { cmp, diag, type Diagnostic } from '../diagnostics.ts';
import { nameKey } from '../name-key.ts';
import type { FileEntry } from './pointer.ts';
import { resolvePointers } from './stored.ts';

export type { FileEntry, StoredFile } from './pointer.ts';
export { FileTooLargeError, NotRegularFileError, readFileNoFollow } from './read-no-follow.ts';

export interface WalkResult {
  files: FileEntry[];
  diagnostics: Diagnostic[];
}

/** perfgate's own dot-folder in a cycle (staged outputs): the one name that is never evidence. */
export const PERFGATE_DIR = '.perfgate';
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * Lists every evidence file below `root`, sorted by path: each regular file, and for each pointer
 * file (`<file>.perfgate-pointer.json`) the stored file it stands for (`stored` set). Symbolic links are reported, never
 * followed; FIFOs, sockets and devices are skipped with a diagnostic; names with control
 * characters or that collide under case-folding or Unicode normalisation are reported, and so
 * is every hidden name (a leading `.`) except perfgate's own `.perfgate` folder at the top.
 */
export async function walkCycle(root: string): Promise<WalkResult> {
  const files: FileEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const base = await realpath(root);

  async function visit(dirAbs: string, rel: string): Promise<void> {
    const names: string[] = [];
    try {
      for await (const ent of await opendir(dirAbs)) names.push(ent.name);
    } catch (e) {
      if (rel === '') throw e;
      diagnostics.push(
        diag(
          'fs.unreadable',
          'error',
          rel,
          `Could not list the folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
          'Check that the folder is readable; evidence inside it cannot be listed or hashed.',
        ),
      );
      return;
    }
    names.sort(cmp);
    const folded = new Map<string, string>();
    for (const name of names) {
      const relPath = rel ? `${rel}/${name}` : name;
      const abs = path.join(dirAbs, name);
      const key = nameKey(name);
      const clash = folded.get(key);
      if (clash !== undefined) {
        diagnostics.push(
          diag(
            'fs.name-collision',
            'error',
            relPath,
            `Unexpected file name \`${name}\`: it collides with \`${clash}\` on case-insensitive or Unicode-normalising file systems`,
            'Rename one of the two files; a bundle or checkout on macOS or Windows would keep only one of them.',
          ),
        );
      } else folded.set(key, name);
      if (CONTROL_CHARS.test(name)) {
        diagnostics.push(
          diag(
            'fs.control-character',
            'error',
            JSON.stringify(relPath).slice(1, -1),
            'Unexpected control character in a file name',
            'Rename the file to use printable characters only.',
          ),
        );
        continue;
      }
      const st = await lstat(abs).catch((e: NodeJS.ErrnoException) => {
        // Removed between listing and inspecting: it is simply not part of the cycle any more.
        if (e.code === 'ENOENT') return undefined;
        throw e;
      });
      if (!st) continue;
      if (name.startsWith('.')) {
        // No name pattern is exempt: a hidden file would escape the manifest or reach the site.
        if (!(rel === '' && name === PERFGATE_DIR && st.isDirectory()))
          diagnostics.push(
            diag(
              'fs.hidden',
              'error',
              relPath,
              `Unexpected hidden ${st.isDirectory() ? 'folder' : 'file'} \`${name}\`: every file of a cycle is evidence, and a hidden one would escape the manifest or be published with the site`,
              'Move it out of the cycle directory, or rename it without the leading `.` if it is evidence.',
            ),
          );
        continue;
      }
      if (st.isSymbolicLink()) {
        diagnostics.push(
          diag(
            'fs.symlink',
            'error',
            relPath,
            'Unexpected symbolic link: perfgate never follows links, so its target is not read',
            'Replace the link with a copy of the file (evidence must live inside the cycle directory).',
          ),
        );
      } else if (st.isDirectory()) {
        await visit(abs, relPath);
      } else if (st.isFile()) {
        files.push({ path: relPath, abs, bytes: st.size });
      } else {
        diagnostics.push(
          diag(
            'fs.special-file',
            'warning',
            relPath,
            'Skipped a special file (FIFO, socket or device): only regular files are evidence',
            'Remove it from the cycle directory.',
          ),
        );
      }
    }
  }

  await visit(base, '');
  files.sort((a, b) => cmp(a.path, b.path));
  // Evidence kept in object storage is seen through its pointer, as the real file (section 9).
  return { files: await resolvePointers(files, diagnostics), diagnostics };
}
