/**
 * The build cache's folder beside --out (`<out>.perfgate-cache`), handled so that nothing in it can
 * steer a build: it is used only when it is a real folder of this user that perfgate made (it holds
 * perfgate's CACHEDIR.TAG); a link in it is never followed; perfgate reads only entries it sealed
 * (cache/seal.ts) and deletes only entries of its own naming, as real folders or files. Anything
 * else found there is left alone and reported.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { sealedBytes, unsealed, type CacheSeal } from './seal.ts';

/** The parts of the cache, one folder each. */
export type CachePart = 'records' | 'pages' | 'renderer';

/** What perfgate names its entries: a SHA-256 key (`.json` for a file), or a scratch name of one. */
const ENTRY = /^[0-9a-f]{64}(\.json)?$/;
const SCRATCH = /^\.[0-9a-f]{64}(\.json)?\.tmp-\d+$/;

export const TAG_FILE = 'CACHEDIR.TAG';
/** The Cache Directory Tagging Specification's signature, then who made the folder. */
export const TAG =
  'Signature: 8a477f597d28d172789f06886806bc55\n# The build cache of perfgate: it only saves time. See https://bford.info/cachedir/\n';

export interface CacheFolder {
  readonly root: string;
  readonly seal: CacheSeal;
  /** What was found and left alone, for the build's log. */
  readonly notes: string[];
  /**
   * The folder of `part` (which may not exist yet: nothing is made until a build stores something);
   * undefined (and noted) when something other than a real folder stands there.
   */
  part(part: CachePart): Promise<string | undefined>;
  /** The folder of `part`, made (with the cache folder and its tag) when absent; undefined when it cannot be. */
  ensure(part: CachePart): Promise<string | undefined>;
  /** The body of the sealed file `file` (entry `key` of `kind`), read never through a link; else undefined. */
  readSealed(file: string, kind: string, key: string, maxBytes: number): Promise<Buffer | undefined>;
  /** Writes `body` sealed into `file`, whole or not at all (a scratch file renamed into place). */
  writeSealed(file: string, kind: string, key: string, body: Buffer): Promise<void>;
  /** Names in `dir` (a part's folder) that perfgate made: real folders or files of its naming. */
  entries(dir: string): Promise<string[]>;
  /** Removes entry `name` of `dir` when it is one of perfgate's (never through a link); else notes it. */
  remove(dir: string, name: string): Promise<void>;
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);

/** Whether `abs` is a real folder (not a link) of this user; `ENOENT` when there is nothing. */
async function realFolder(abs: string): Promise<true | string> {
  const st = await lstat(abs).catch((e: unknown) => errno(e));
  if (typeof st === 'string') return st;
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (!st.isDirectory()) return 'not a folder';
  if (process.getuid && st.uid !== process.getuid()) return 'owned by another user';
  return true;
}

/** Whether the tag file says perfgate made the folder (a regular file, read without following a link). */
async function tagged(root: string): Promise<boolean> {
  try {
    const handle = await open(
      path.join(root, TAG_FILE),
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
    try {
      const st = await handle.stat();
      return st.isFile() && st.size === Buffer.byteLength(TAG) && (await handle.readFile('utf8')) === TAG;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** Makes the folder `root` with its tag; false when something else appeared there first. */
async function make(root: string): Promise<boolean> {
  await mkdir(path.dirname(root), { recursive: true });
  try {
    await mkdir(root, { mode: 0o700 });
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    throw e;
  }
  const handle = await open(
    path.join(root, TAG_FILE),
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o644,
  );
  try {
    await handle.writeFile(TAG);
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * The cache folder `root` sealed with `seal`. When it does not exist yet, it is made only once a build
 * stores something (`ensure`). Undefined when it cannot be used (it is a link, a file, another
 * user's, not made by perfgate): the build then runs without a cache, and `log` says why.
 */
export async function openCache(
  root: string,
  seal: CacheSeal,
  log: (line: string) => void,
): Promise<CacheFolder | undefined> {
  const unusable = (why: string) =>
    log(
      `perfgate: ${root} is not a build cache perfgate made (${why}): left alone, building without a cache (remove it to let perfgate make one)\n`,
    );
  const state = await realFolder(root);
  if (state !== true && state !== 'ENOENT') {
    unusable(state);
    return undefined;
  }
  if (state === true && !(await tagged(root))) {
    unusable(`it has no perfgate ${TAG_FILE}`);
    return undefined;
  }
  const notes: string[] = [];
  const note = (s: string) => {
    notes.push(s);
    log(`perfgate: ${s}\n`);
  };
  const checked = new Map<CachePart, string | undefined>();
  /** The part's folder when nothing but a real folder (or nothing) stands there. */
  const part = async (name: CachePart): Promise<string | undefined> => {
    if (checked.has(name)) return checked.get(name);
    const dir = path.join(root, name);
    const st = await realFolder(dir);
    const ok = st === true || st === 'ENOENT';
    if (!ok) note(`the cache's ${name} folder ${dir} is ${st}: left alone, not used`);
    checked.set(name, ok ? dir : undefined);
    return ok ? dir : undefined;
  };
  let made: Promise<boolean> | undefined;
  return {
    root,
    seal,
    notes,
    part,
    async ensure(name) {
      made ??= (async () => {
        const now = await realFolder(root);
        if (now === 'ENOENT') {
          // Something else may appear there first: then it is checked like any folder found.
          if (await make(root).catch(() => false)) return true;
        }
        if ((await realFolder(root)) === true && (await tagged(root))) return true;
        note(`the build cache ${root} could not be made or is not perfgate's: nothing stored`);
        return false;
      })();
      if (!(await made)) return undefined;
      const dir = await part(name);
      if (dir === undefined) return undefined;
      await mkdir(dir).catch(() => undefined);
      if ((await realFolder(dir)) === true) return dir;
      note(`the cache's ${name} folder ${dir} could not be made: nothing stored there`);
      checked.set(name, undefined);
      return undefined;
    },
    async readSealed(file, kind, key, maxBytes) {
      let handle;
      try {
        handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      } catch {
        return undefined;
      }
      try {
        const st = await handle.stat();
        if (!st.isFile() || st.size > maxBytes) return undefined;
        return unsealed(seal, kind, key, await handle.readFile());
      } catch {
        return undefined;
      } finally {
        await handle.close();
      }
    },
    async writeSealed(file, kind, key, body) {
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
      await rm(tmp, { force: true });
      const handle = await open(
        tmp,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        0o600,
      );
      try {
        await handle.writeFile(sealedBytes(seal, kind, key, body));
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    },
    async entries(dir) {
      const out: string[] = [];
      for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        if (ENTRY.test(e.name) && (e.isDirectory() || e.isFile())) out.push(e.name);
        else if (!SCRATCH.test(e.name))
          note(
            `${path.join(dir, e.name)} is not an entry perfgate made${e.isSymbolicLink() ? ' (a symbolic link)' : ''}: left alone`,
          );
      }
      return out.sort();
    },
    async remove(dir, name) {
      const abs = path.join(dir, name);
      const st = await lstat(abs).catch(() => undefined);
      if (!st) return;
      if (!(ENTRY.test(name) || SCRATCH.test(name)) || !(st.isDirectory() || st.isFile())) {
        note(
          `${abs} is not an entry perfgate made (${st.isSymbolicLink() ? 'a symbolic link' : 'another name'}): left alone`,
        );
        return;
      }
      // A folder's own links are removed as links (rm never follows them), never what they point to.
      if (st.isDirectory()) await rm(abs, { recursive: true, force: true });
      else await unlink(abs);
    },
  };
}
