/** Reads a file of a cycle as text, turning every read problem into a diagnostic (never a throw). */
import { diag, type Diagnostic } from '../diagnostics.ts';
import { decodeUtf8 } from './text.ts';
import { FileTooLargeError, NotRegularFileError, readFileNoFollow, type FileEntry } from './walk.ts';

/** Largest artifact perfgate parses (evidence files of any size are only hashed, streaming). */
export const MAX_PARSED_BYTES = 32 * 1024 * 1024;

/** Reads and decodes a file of the cycle, turning every read problem into a diagnostic. */
export async function readText(
  abs: string,
  file: string,
  diagnostics: Diagnostic[],
  maxBytes: number = MAX_PARSED_BYTES,
): Promise<string | undefined> {
  return decodeRead(() => readFileNoFollow(abs, maxBytes), file, diagnostics, maxBytes);
}

/**
 * One listed file's bytes, at most `maxBytes` (FileTooLargeError beyond): from the disk, or from
 * a bundle read in place (`perfgate verify --recompute`).
 */
export type ReadListed = (entry: FileEntry, maxBytes: number) => Promise<Buffer>;

export async function decodeRead(
  read: () => Promise<Buffer>,
  file: string,
  diagnostics: Diagnostic[],
  maxBytes: number,
): Promise<string | undefined> {
  let buf: Buffer;
  try {
    buf = await read();
  } catch (e) {
    if (e instanceof FileTooLargeError) {
      diagnostics.push(
        diag(
          'fs.too-large',
          'error',
          file,
          `Unexpected size ${e.message} bytes: ${maxBytes === MAX_PARSED_BYTES ? 'artifacts' : 'Markdown artifacts'} larger than ${maxBytes} bytes are not parsed`,
          'Keep large raw data as separate evidence files and summarise it in the artifact.',
        ),
      );
    } else if (e instanceof NotRegularFileError) {
      diagnostics.push(
        diag(
          'fs.unreadable',
          'error',
          file,
          `Unexpected ${e.kind}: only a regular file can be read here`,
          `Replace ${file} with a regular file.`,
        ),
      );
    } else {
      const code = (e as NodeJS.ErrnoException).code;
      diagnostics.push(
        diag(
          'fs.unreadable',
          'error',
          file,
          `Could not read the file (${code ?? 'error'})`,
          code === 'ELOOP'
            ? 'Replace the symbolic link with the file itself.'
            : 'Check that the file exists and is readable.',
        ),
      );
    }
    return undefined;
  }
  const decoded = decodeUtf8(buf);
  if (!decoded.ok) {
    diagnostics.push(
      diag(
        'text.invalid-utf8',
        'error',
        file,
        `Invalid UTF-8 at byte ${decoded.offset}`,
        'Save the file as UTF-8.',
        { line: decoded.line },
      ),
    );
    return undefined;
  }
  return decoded.text;
}
