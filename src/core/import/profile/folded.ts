/** Folded/collapsed stacks (`frame;frame;frame count`), read line by line so that huge files stay bounded. */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { moduleOfName } from './modules.ts';
import { ProfileError, TreeBuilder, type Frame, type ProfileTree } from './model.ts';

const LINE = /^(.*\S)\s+(\d+(?:\.\d+)?)$/;

/** True when a line looks like a folded stack line. */
export function isFoldedLine(line: string): boolean {
  return LINE.test(line.trim());
}

/** Reads folded stacks from a stream; identical stacks merge into the tree as they are read. */
export async function parseFolded(input: Readable): Promise<ProfileTree> {
  const builder = new TreeBuilder();
  const moduleCache = new Map<string, string>();
  const frame = (name: string): Frame => {
    let module = moduleCache.get(name);
    if (module === undefined) {
      module = moduleOfName(name);
      // A cache, not a store: clear it rather than let it grow with every distinct frame name.
      if (moduleCache.size > 100_000) moduleCache.clear();
      moduleCache.set(name, module);
    }
    return { name, module };
  };
  let lineNo = 0;
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const raw of rl) {
    lineNo++;
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '').trim() : raw.trim();
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m)
      throw new ProfileError(
        `expected "frame;frame;frame count" (frames separated by ";", then a space and a sample count), got ${JSON.stringify(line.slice(0, 80))}`,
        { line: lineNo },
      );
    const stack = m[1]!
      .split(';')
      .filter((f) => f !== '')
      .map(frame);
    builder.add(stack, Number(m[2]));
  }
  return builder.finish('folded', 'samples');
}
