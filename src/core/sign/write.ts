/** Writing the signed statement beside the bundle, atomically (staged in `.perfgate/`, then renamed). */
import type { KeyObject } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { EmitError, errnoCode } from '../emit/errors.ts';
import type { HashedFile } from '../emit/evidence.ts';
import { PERFGATE_DIR } from '../load/walk.ts';
import { buildStatement, SIGNED_STATEMENT, signedStatementBytes, type Decision } from './statement.ts';

/** Signs the decision over the outputs `report` just wrote and writes the statement; returns its path. */
export async function writeSignedStatement(
  dir: string,
  outputs: readonly HashedFile[],
  decision: Decision,
  key: KeyObject,
): Promise<string> {
  const bytes = signedStatementBytes(
    buildStatement(new Map(outputs.map((o) => [o.path, o.sha256])), decision),
    key,
  );
  const staging = path.join(dir, PERFGATE_DIR);
  const tmp = path.join(staging, `${SIGNED_STATEMENT}.tmp-${process.pid}`);
  const target = path.join(dir, SIGNED_STATEMENT);
  try {
    await mkdir(staging, { recursive: true });
    if (!(await lstat(staging)).isDirectory())
      throw Object.assign(new Error('not a directory'), { code: 'ELOOP' });
    const handle = await open(
      tmp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
      0o666,
    );
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new EmitError(
      `Could not write ${target} (${errnoCode(e) ?? String(e)})`,
      'Check the free space and permissions of the cycle directory, then run the command again; the other outputs are written.',
    );
  }
  return target;
}
