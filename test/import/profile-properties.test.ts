/** Properties (fast-check, fixed seed; FC_SEED overrides): folded totals, insert-only --append, XML-safe SVG. */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flameGraphSvg } from '../../src/core/import/profile/flamegraph-svg.ts';
import { parseFolded } from '../../src/core/import/profile/folded.ts';
import { appendToSection } from '../../src/core/import/profile/report-md.ts';
import { fcSeed } from '../helpers/seed.ts';

const SEED = fcSeed(14);
const frame = fc
  .string({ minLength: 1, maxLength: 12, unit: 'binary' })
  .filter((s) => !/[;\n\r]/.test(s) && s.trim() === s && s !== '');

describe(`profile properties (seed ${SEED})`, () => {
  it('folded stacks: the root total is the sum of the counts, whatever the frame names', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.array(frame, { minLength: 1, maxLength: 6 }), fc.nat(1000)), {
          minLength: 1,
          maxLength: 40,
        }),
        async (rows) => {
          const text = rows.map(([stack, n]) => `${stack.join(';')} ${n}`).join('\n');
          const tree = await parseFolded(Readable.from([text]));
          expect(tree.root.total).toBe(rows.reduce((s, [, n]) => s + n, 0));
          // The SVG is well-formed text: no character XML 1.0 forbids, no unescaped markup from a name.
          const svg = flameGraphSvg(tree, 'p');
          expect(svg).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
          for (const [stack] of rows)
            for (const f of stack) if (f.includes('<')) expect(svg).not.toContain(`>${f}<`);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('--append only inserts: removing the inserted lines gives the original file back', () => {
    const line = fc.oneof(
      fc.constantFrom('## a', '## b', '', '- x: y', '```', '## svc', 'text', '\r'),
      fc.string({ maxLength: 10 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.constantFrom('a', 'svc', 'new'), (lines, service) => {
        const text = lines.join('\n');
        const block = [
          '- Profile (baseline): [p](diagnostics/p)',
          '- Flame graph (baseline): [f](diagnostics/f)',
        ];
        const out = appendToSection(text, service, block);
        // One insertion point: a common prefix, then new text, then the rest of the original, unchanged.
        let k = 0;
        while (k < text.length && out[k] === text[k]) k++;
        expect(out.endsWith(text.slice(k))).toBe(true);
        const eol = text.includes('\r\n') ? '\r\n' : '\n';
        const at = out.indexOf(block.join(eol));
        expect(at).toBeGreaterThanOrEqual(0);
        expect(out.lastIndexOf(`## ${service}`, at)).toBeGreaterThanOrEqual(0);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
