/** Copies every evidence file into the staged site: streamed, never through a link, never a hidden file. */
import { constants, createWriteStream } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { eachLimit } from '../each-limit.ts';
import { EmitError, errnoCode } from '../evidence/errors.ts';
import { isHiddenPath } from '../history/evidence.ts';

export interface Copy {
  from: string;
  to: string;
}

/** Copies `copies` into `site` with up to `parallel` files in flight; `onFile` after each. */
export async function copyEvidence(
  copies: readonly Copy[],
  site: string,
  onFile: (done: number) => void = () => undefined,
  parallel = 8,
): Promise<void> {
  for (const c of copies) checkTarget(c, site);
  let done = 0;
  const made = new Set<string>();
  // Every copy has stopped before this returns (a failure never leaves a copy still writing).
  await eachLimit(copies, parallel, async (c) => {
    await copyOne(c, site, made);
    onFile(++done);
  });
}

/** A copy stays inside the site and is never a hidden file (a `.env` is not evidence to publish). */
function checkTarget(c: Copy, site: string): void {
  const dest = path.resolve(site, ...c.to.split('/'));
  if (!dest.startsWith(site + path.sep)) throw new Error(`evidence copy outside the site: ${c.to}`);
  if (isHiddenPath(c.to))
    throw new EmitError(
      `Refusing to publish the hidden file ${c.from}; nothing was published`,
      'Move it out of the cycle directory: hidden files are never evidence (perfgate validate lists them).',
    );
}

/** Files up to this size are copied with one read and one write. */
const SMALL_FILE = 1024 * 1024;

async function copyOne(c: Copy, site: string, made: Set<string>): Promise<void> {
  const dest = path.resolve(site, ...c.to.split('/'));
  if (!made.has(path.dirname(dest))) {
    await mkdir(path.dirname(dest), { recursive: true });
    made.add(path.dirname(dest));
  }
  let src;
  try {
    src = await open(c.from, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = errnoCode(e);
    const why =
      code === 'ENOENT'
        ? 'it disappeared while the site was built'
        : code === 'ELOOP'
          ? 'it became a symbolic link'
          : (code ?? String(e));
    throw new EmitError(
      `Could not copy evidence ${c.from} into the site (${why}); nothing was published`,
      'Stop whatever is changing the cycle directory, then build again; the previous site is unchanged.',
    );
  }
  try {
    const st = await src.stat();
    if (!st.isFile())
      throw new EmitError(
        `Could not copy evidence ${c.from} into the site (it is not a regular file); nothing was published`,
        'Only regular files are evidence; replace it with the file itself, then build again.',
      );
    // Small files (most evidence) in one read and one write; large ones streamed, in flat memory.
    if (st.size <= SMALL_FILE) await writeFile(dest, await src.readFile(), { flag: 'wx' });
    else await pipeline(src.createReadStream(), createWriteStream(dest, { flags: 'wx' }));
  } finally {
    await src.close().catch(() => undefined);
  }
}
