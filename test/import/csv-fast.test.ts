/**
 * The fast CSV path gives exactly what csv-parse gives (the full parser it falls back to): the same
 * records, the same line numbers, and the same error at the same line, over generated JTL-like files
 * with quotes, embedded commas and newlines, CRLF, empty lines, stray CRs, a BOM and broken rows
 * (fast-check, fixed seed; PERFGATE_FULL=1 runs more cases).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, readCsvFast } from '../../src/core/import/load-test/csv-fast.ts';
import { forEachCsvRow, forEachCsvRowFull } from '../../src/core/import/load-test/csv-stream.ts';

interface Outcome {
  records: { cells: string[]; line: number }[];
  error: { message: string; line: number | undefined } | null;
}

async function outcome(
  read: (onRow: (r: { cells: string[]; line: number }) => void) => Promise<unknown>,
): Promise<Outcome> {
  const records: Outcome['records'] = [];
  try {
    await read((r) => records.push({ cells: [...r.cells], line: r.line }));
    return { records, error: null };
  } catch (e) {
    const err = e as { message: string; line?: number };
    return { records, error: { message: err.message, line: err.line } };
  }
}

const full = (file: string) =>
  outcome((on) =>
    forEachCsvRowFull(
      { name: 'f.jtl', path: file },
      (h) => on({ cells: h, line: 1 }),
      (r) => on(r),
    ),
  );

/** A field: plain, or quoted with doubled quotes, commas, LF, CRLF inside; sometimes a stray quote. */
const field = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 ._/:-]{0,8}$/) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom('a', '1', ',', '"', '\n', '\r\n', ' ', 'é'), { maxLength: 6 })
      .map((cs) => `"${cs.join('').replaceAll('"', '""')}"`),
  },
  { weight: 1, arbitrary: fc.constantFrom('x"y', '"open', 'a\rb', '') },
);

const file = fc.record({
  bom: fc.boolean(),
  crlf: fc.boolean(),
  width: fc.integer({ min: 1, max: 5 }),
  rows: fc.array(
    fc.record({
      cells: fc.array(field, { minLength: 1, maxLength: 6 }),
      widthOk: fc.integer({ min: 0, max: 9 }),
      blankAfter: fc.integer({ min: 0, max: 14 }),
    }),
    { minLength: 1, maxLength: 12 },
  ),
  finalNewline: fc.boolean(),
});

function render(f: {
  bom: boolean;
  crlf: boolean;
  width: number;
  rows: { cells: string[]; widthOk: number; blankAfter: number }[];
  finalNewline: boolean;
}): string {
  const nl = f.crlf ? '\r\n' : '\n';
  const header = ['timeStamp', 'elapsed', 'label', 'success', 'url'].slice(0, f.width).join(',');
  let text = (f.bom ? '\uFEFF' : '') + header;
  for (const r of f.rows) {
    // Most rows have the header's width; some do not (csv-parse refuses them).
    const cells =
      r.widthOk > 0 ? Array.from({ length: f.width }, (_, i) => r.cells[i % r.cells.length]!) : r.cells;
    text += nl + cells.join(',');
    if (r.blankAfter === 1) text += nl; // an empty line
    if (r.blankAfter === 2) text += f.crlf ? '\n' : '\r'; // a lone LF in a CRLF file, a CR in an LF file
  }
  return f.finalNewline ? text + nl : text;
}

describe('fast CSV path', () => {
  it("gives csv-parse's records, lines and errors for generated files (property)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-csv-fast-'));
    let n = 0;
    let fastRuns = 0;
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const p = path.join(dir, `f${n++}.jtl`);
        const text = render(f);
        await writeFile(p, text);
        // Files under 1 MiB: the fast path runs exactly when the start of the text allows it.
        if (detectDelimiter(text.replace(/^\uFEFF/, '')) === undefined) return;
        fastRuns++;
        const fast = await outcome(async (on) => expect(await readCsvFast(p, 'f.jtl', on)).toBe(true));
        expect(fast).toEqual(await full(p));
      }),
      {
        seed: 20261207,
        numRuns: process.env.PERFGATE_FULL ? 5000 : 400,
        // Found by a longer run: an empty line ended by a lone LF in a CRLF file is a record ("\n").
        examples: [
          [
            {
              bom: false,
              crlf: true,
              width: 1,
              rows: [
                { cells: [''], widthOk: 0, blankAfter: 2 },
                { cells: [''], widthOk: 0, blankAfter: 0 },
              ],
              finalNewline: false,
            },
          ],
        ],
      },
    );
    expect(fastRuns).toBeGreaterThan(300);
  });

  it('takes the fast path for plain JTL lines across chunk boundaries, and csv-parse for a quoted header', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-csv-fast-'));
    const p = path.join(dir, 'big.jtl');
    const lines = ['timeStamp,elapsed,label,success'];
    for (let i = 0; i < 60_000; i++)
      lines.push(i % 997 === 0 ? `${i},${i % 50},"GET /a, b",true` : `${i},${i % 50},GET /a,true`);
    await writeFile(p, lines.join('\r\n') + '\r\n');
    const taken: boolean[] = [];
    const fast = await outcome(async (on) => void taken.push(await readCsvFast(p, 'f.jtl', on)));
    expect(taken).toEqual([true]);
    expect(fast.records).toHaveLength(60_001);
    expect(fast).toEqual(await full(p));
    const quoted = path.join(dir, 'quoted.jtl');
    await writeFile(quoted, '"timeStamp",elapsed\n1,2\n');
    expect(await readCsvFast(quoted, 'f.jtl', () => {})).toBe(false);
    const rows: string[][] = [];
    await forEachCsvRow(
      { name: 'q', path: quoted },
      (h) => rows.push(h),
      (r) => rows.push(r.cells),
    );
    expect(rows).toEqual([
      ['timeStamp', 'elapsed'],
      ['1', '2'],
    ]);
  });
});
