/** Reading one file of a cycle without following a link at open time. */
import { open } from 'node:fs/promises';
import { constants } from 'node:fs';

export class FileTooLargeError extends Error {}

/** Something other than a regular file where one was expected (a directory, FIFO, socket, device). */
export class NotRegularFileError extends Error {
  readonly kind: string;
  constructor(kind: string) {
    super(`not a regular file (${kind})`);
    this.kind = kind;
  }
}

/**
 * Reads a whole regular file refusing symbolic links at open time (O_NOFOLLOW) and files over
 * `maxBytes`, so that a file swapped for a link between walk and read is still not followed.
 */
export async function readFileNoFollow(abs: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile())
      throw new NotRegularFileError(
        st.isDirectory() ? 'directory' : st.isFIFO() ? 'FIFO' : st.isSocket() ? 'socket' : 'device',
      );
    if (st.size > maxBytes) throw new FileTooLargeError(String(st.size));
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
