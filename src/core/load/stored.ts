/** Turns the pointer files of a walked cycle into the stored files they stand for. */
import { ARTIFACT_BY_PATH, GENERATED_FILES } from '../artifacts.ts';
import { cmp, diag, type Diagnostic } from '../diagnostics.ts';
import { MAX_POINTER_BYTES, parsePointer, pointedPath, POINTER_SUFFIX, type FileEntry } from './pointer.ts';
import { readFileNoFollow } from './read-no-follow.ts';

/** Files that are never stored: perfgate's outputs, the signed statement and the checksum list. */
export const NEVER_STORED: ReadonlySet<string> = new Set<string>([
  ...GENERATED_FILES,
  'SHA256SUMS',
  'performance-evidence.intoto.json',
  'gate-config.json',
]);

/**
 * Replaces each valid pointer by an entry for the file it stands for (`stored` set, `bytes` the
 * real size) and merges a local copy of that file into it. A pointer that cannot be read, or that
 * stands for an artifact or an output, stays a plain file and gets an error diagnostic; a local copy
 * whose size differs from its pointer is an error too and is not used.
 */
export async function resolvePointers(files: FileEntry[], diagnostics: Diagnostic[]): Promise<FileEntry[]> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const replaced = new Set<string>();
  const stored: FileEntry[] = [];
  for (const f of files) {
    const real = pointedPath(f.path);
    if (real === undefined) continue;
    const problem = (message: string, hint: string) =>
      diagnostics.push(diag('evidence.pointer-invalid', 'error', f.path, message, hint));
    if (ARTIFACT_BY_PATH.has(real) || NEVER_STORED.has(real)) {
      problem(
        `Unexpected pointer for \`${real}\`: contract artifacts and perfgate's outputs always stay in the cycle`,
        `Put ${real} itself back in the cycle (\`perfgate evidence pull\` fetches it) and delete the pointer.`,
      );
      continue;
    }
    let parsed;
    try {
      parsed = parsePointer(await readFileNoFollow(f.abs, MAX_POINTER_BYTES), f.path);
    } catch (e) {
      parsed = `it could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
    if (typeof parsed === 'string') {
      problem(
        `Unexpected pointer file: ${parsed}`,
        'Restore the pointer that `perfgate evidence push` wrote (from git), or delete it and put the real file back.',
      );
      continue;
    }
    const local = byPath.get(real);
    const localOk = local !== undefined && local.bytes === parsed.bytes;
    if (local && !localOk)
      diagnostics.push(
        diag(
          'evidence.local-differs',
          'error',
          real,
          `Unexpected local copy of ${local.bytes} bytes: its pointer ${f.path} names a stored file of ${parsed.bytes} bytes (sha256 ${parsed.sha256})`,
          'Move the local file away and run `perfgate evidence pull` to fetch the stored one, or delete the pointer if the local file is the evidence.',
        ),
      );
    replaced.add(f.path);
    if (local) replaced.add(real);
    stored.push({
      path: real,
      abs: local?.abs ?? f.abs.slice(0, -POINTER_SUFFIX.length),
      bytes: parsed.bytes,
      stored: { ...parsed, pointer: f.path, pointerAbs: f.abs, local: localOk },
    });
  }
  if (stored.length === 0) return files;
  return [...files.filter((f) => !replaced.has(f.path)), ...stored].sort((a, b) => cmp(a.path, b.path));
}
