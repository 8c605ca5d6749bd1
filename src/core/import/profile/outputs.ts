/** Writes a set of files all-or-nothing: each is staged beside its target, then all are renamed into place. */
import { constants } from 'node:fs';
import { copyFile, open, rename, unlink } from 'node:fs/promises';

export type Output = { path: string; data: string } | { path: string; copyFrom: string };

/** Stages every output (temp + fsync), then renames them; on any failure the staged files are removed. */
export async function writeAll(outputs: readonly Output[], pid: number = process.pid): Promise<void> {
  const staged: [string, string][] = [];
  try {
    for (const o of outputs) {
      const tmp = `${o.path}.tmp-${pid}`;
      staged.push([tmp, o.path]);
      if ('copyFrom' in o) await copyFile(o.copyFrom, tmp, constants.COPYFILE_EXCL);
      else {
        const h = await open(
          tmp,
          constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
          0o666,
        );
        try {
          await h.writeFile(o.data);
          await h.sync();
        } finally {
          await h.close();
        }
      }
    }
    for (const [tmp, target] of staged) await rename(tmp, target);
  } catch (e) {
    for (const [tmp] of staged) await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
