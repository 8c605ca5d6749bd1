/** The chunked line reader gives exactly node:readline's lines (crlfDelay Infinity), CR, LF and CRLF alike. */
import { createReadStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachLine, LineSplitter } from '../../src/core/import/load-test/lines.ts';

async function readline(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const l of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) out.push(l);
  return out;
}

describe('chunked lines', () => {
  it('equal readline over generated text with CR, LF and CRLF (property, fixed seed)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-lines-'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', '{"x":1}', '\r', '\n', '\r\n', ' ', 'é', '\uFEFF'), { maxLength: 40 }),
        async (parts) => {
          const file = path.join(dir, `l${n++}`);
          await writeFile(file, parts.join(''));
          const ours: string[] = [];
          await forEachLine(file, (t, i) => {
            expect(i).toBe(ours.length + 1);
            ours.push(t);
          });
          expect(ours).toEqual(await readline(file));
        },
      ),
      { seed: 20261207, numRuns: process.env.PERFGATE_FULL ? 5000 : 500 },
    );
  });

  it('keeps a CR that ends one piece for the LF that starts the next', () => {
    const got: string[] = [];
    const s = new LineSplitter((t) => got.push(t));
    s.push('a\r');
    s.push('\nb\r');
    s.push('c');
    s.end();
    expect(got).toEqual(['a', 'b', 'c']);
  });
});
