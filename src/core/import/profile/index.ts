/** Reads a profile file of any supported format (given or detected from its content) into the frame tree. */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { parseCpuprofile } from './cpuprofile.ts';
import { isFoldedLine, parseFolded } from './folded.ts';
import { PROFILE_FORMATS, ProfileError, type ProfileFormat, type ProfileTree } from './model.ts';
import { parsePprof } from './pprof.ts';
import { parseSpeedscope } from './speedscope.ts';

export { PROFILE_FORMATS, ProfileError, type ProfileFormat, type ProfileTree } from './model.ts';

/** JSON profiles are parsed whole; past this size, only folded stacks (streamed) are accepted. */
export const MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;

/** Guesses the format from the first bytes of the file; undefined when nothing matches. */
export function detectFormat(head: Uint8Array): ProfileFormat | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pprof';
  const text = Buffer.from(head)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('{')) {
    if (/"\$schema"\s*:\s*"https:\/\/www\.speedscope\.app\//.test(text) || /"shared"\s*:/.test(text))
      return 'speedscope';
    if (/"nodes"\s*:/.test(text) && /"callFrame"\s*:/.test(text)) return 'cpuprofile';
    return undefined;
  }
  // A protobuf Profile starts with field 1 (sample_type, length-delimited): tag byte 0x0a.
  if (head[0] === 0x0a && text.includes('\u0000')) return 'pprof';
  const first = start.split('\n', 1)[0] ?? '';
  if (first && isFoldedLine(first)) return 'folded';
  return undefined;
}

async function readHead(file: string): Promise<{ head: Buffer; size: number }> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(Math.min(size, 65536));
    await handle.read(head, 0, head.length, 0);
    return { head, size };
  } finally {
    await handle.close();
  }
}

/** The format of `file` from its first bytes (undefined when none matches). */
export async function detectFileFormat(file: string): Promise<ProfileFormat | undefined> {
  return detectFormat((await readHead(file)).head);
}

/** Reads and parses `file`; throws ProfileError (with a line or JSON pointer) when it is not a usable profile. */
export async function readProfile(file: string, format?: ProfileFormat): Promise<ProfileTree> {
  const { head, size } = await readHead(file);
  if (size === 0) throw new ProfileError('the file is empty');
  const fmt = format ?? detectFormat(head);
  if (!fmt)
    throw new ProfileError(
      `the content is none of the profile formats perfgate reads (${PROFILE_FORMATS.join(', ')})`,
    );
  if (fmt !== 'folded' && size > MAX_WHOLE_FILE_BYTES)
    throw new ProfileError(
      `the file is ${size} bytes; ${fmt} profiles over ${MAX_WHOLE_FILE_BYTES} bytes are not read`,
    );
  const tree = await parseAs(file, fmt);
  if (tree.root.total === 0) throw new ProfileError('the profile has no samples: its total weight is zero');
  return tree;
}

async function parseAs(file: string, fmt: ProfileFormat): Promise<ProfileTree> {
  if (fmt === 'folded') return parseFolded(createReadStream(file));
  const bytes = await readFile(file);
  if (fmt === 'pprof') return parsePprof(bytes);
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ProfileError(`not valid JSON (${(e as Error).message})`);
  }
  return fmt === 'cpuprofile' ? parseCpuprofile(data) : parseSpeedscope(data);
}
