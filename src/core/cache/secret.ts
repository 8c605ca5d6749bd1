/**
 * The secret that seals the build cache (cache/seal.ts). It never lives beside --out: it comes from
 * PERFGATE_CACHE_KEY (a CI secret, so that a cache restored between jobs can be used) or from a file
 * of this user that perfgate makes once, mode 0600, in the user's state folder
 * (`$XDG_STATE_HOME/perfgate/cache-secret`, else `~/.local/state/perfgate/cache-secret`). Without
 * either, a build runs without a cache: slower, never different.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface CacheSecret {
  /** The secret, or null when the build runs without a cache. */
  secret: Buffer | null;
  /** Where it came from, or why there is none (for the build's log). */
  source: string;
}

/** The shortest PERFGATE_CACHE_KEY accepted (a guessable secret would let anyone seal entries). */
export const MIN_SECRET_CHARS = 32;
const FILE_HEX = 64;

/** Where the secret file of this user lives. */
export function secretFile(env: NodeJS.ProcessEnv, home: string): string {
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'state');
  return path.join(base, 'perfgate', 'cache-secret');
}

/** The cache secret: PERFGATE_CACHE_KEY, else this user's secret file (made when absent). */
export async function cacheSecret(env: NodeJS.ProcessEnv, home: string): Promise<CacheSecret> {
  const given = env.PERFGATE_CACHE_KEY;
  if (given !== undefined && given !== '') {
    if (given.length < MIN_SECRET_CHARS)
      return {
        secret: null,
        source: `PERFGATE_CACHE_KEY is shorter than ${MIN_SECRET_CHARS} characters: building without the cache`,
      };
    return { secret: Buffer.from(given, 'utf8'), source: 'PERFGATE_CACHE_KEY' };
  }
  if (home === '') return { secret: null, source: 'no home folder for the cache secret' };
  const file = secretFile(env, home);
  try {
    return { secret: await readOrMake(file), source: file };
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    return {
      secret: null,
      source: `the cache secret ${file} is not usable (${why}): building without the cache`,
    };
  }
}

async function readOrMake(file: string): Promise<Buffer> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!(await lstat(file).catch(() => undefined))) await make(file);
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error('not a regular file');
    // A secret others can read or write is no secret: such a file is not used.
    if ((st.mode & 0o077) !== 0) throw new Error('readable or writable by other users (chmod 600 it)');
    if (process.getuid && st.uid !== process.getuid()) throw new Error('owned by another user');
    const text = (await handle.readFile('utf8')).trim();
    if (!new RegExp(`^[0-9a-f]{${FILE_HEX}}$`).test(text)) throw new Error('not 64 hex digits');
    return Buffer.from(text, 'hex');
  } finally {
    await handle.close();
  }
}

/**
 * Writes a new secret whole under a name of its own, then links it into place: a build running at
 * the same time never reads half a secret, and the first link wins.
 */
async function make(file: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    const handle = await open(
      tmp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
    try {
      await handle.writeFile(randomBytes(FILE_HEX / 2).toString('hex'));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(tmp, file).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
