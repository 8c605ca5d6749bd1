/**
 * CI output is never a command channel: the workflow-command reader (written from the runner's
 * documented rules) against hand-written runner examples, perfgate's human output on a hostile cycle,
 * the annotations' escaping read back by that reader, and Markdown escaping read back by remark + GFM.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations } from '../src/core/github/annotations.ts';
import { markdownText } from '../src/core/github/escape.ts';
import { summaryMarkdown } from '../src/core/github/summary.ts';
import type { Diagnostic } from '../src/core/diagnostics.ts';
import { runCli } from './helpers/cli.ts';
import { hostileCycle, PAYLOADS } from './helpers/hostile-ci.ts';
import { markdownTables } from './helpers/markdown-tables.ts';
import { workflowCommands } from './helpers/workflow-commands.ts';
import { fcSeed } from './helpers/seed.ts';

const SEED = fcSeed(15);

describe('the workflow-command reader follows the runner', () => {
  it('reads the documented forms', () => {
    // Examples from docs.github.com "Workflow commands for GitHub Actions".
    const [c] = workflowCommands('::error file=app.js,line=1,col=5,endColumn=7::Missing semicolon');
    expect(c).toMatchObject({
      name: 'error',
      data: 'Missing semicolon',
      properties: { file: 'app.js', line: '1' },
    });
    expect(workflowCommands('::add-mask::secret')[0]?.name).toBe('add-mask');
    expect(workflowCommands('text ::add-mask::x')).toEqual([]); // `::` only at a line start
    expect(workflowCommands('   ::add-mask::x')[0]?.name).toBe('add-mask'); // after leading blanks
    expect(workflowCommands('ok\r::add-mask::x')[0]?.line).toBe(2); // a lone CR ends a line
    expect(workflowCommands('text ##[add-mask]x')[0]?.data).toBe('x'); // `##[` anywhere
    expect(workflowCommands('::unknown-thing::x')).toEqual([]);
    expect(workflowCommands('::warning::100%25 done%0Anext')[0]?.data).toBe('100% done\nnext');
  });
  it('suspends everything between stop-commands and its token', () => {
    const log = ['::stop-commands::tok123', '::add-mask::x', '##[error]y', '::tok123::', '::notice::z'].join(
      '\n',
    );
    expect(workflowCommands(log).map((c) => c.name)).toEqual(['stop-commands', 'tok123', 'notice']);
  });
});

describe('perfgate human output in a CI log', () => {
  let cycle: string;
  beforeAll(async () => {
    cycle = await hostileCycle();
  });
  afterAll(() => rm(path.dirname(cycle), { recursive: true, force: true }));

  for (const command of ['gates', 'validate'])
    it(`${command} quotes hostile artifact text without issuing a command`, async () => {
      const r = await runCli([command, '--artifacts', cycle]);
      expect(r.code).toBe(1);
      expect(workflowCommands(r.stdout)).toEqual([]);
      expect(workflowCommands(r.stderr)).toEqual([]);
      // The payloads are shown, on one line each, readable.
      expect(r.stdout).toContain('Unexpected duplicate key `k\\n::add-mask::x`');
      expect(r.stdout).toContain('Unexpected column `col\\n::add-mask::csv`');
      expect(r.stdout).toContain('##\\u005bstop-commands]x');
      expect(r.stdout).toContain('evil\\n::add-mask::fname.txt');
      expect(r.stdout).not.toContain('\r');
    });
});

describe('annotations', () => {
  const diagnostic: Diagnostic = {
    code: 'json.syntax',
    severity: 'error',
    file: 'a,b:c.json',
    line: 3,
    message: `Bad | value\n100% ${PAYLOADS.jsonKeyCr}`,
    hint: '##[add-mask]Fix it.',
  };
  it('escape data and properties as the runner unescapes them', () => {
    const [line] = annotations([diagnostic], (d) => `dir/${d.file}`);
    const commands = workflowCommands(line!);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      name: 'error',
      properties: { file: 'dir/a,b:c.json', line: '3', title: 'perfgate json.syntax' },
      data: `${diagnostic.message}. Hint: ${diagnostic.hint}`,
    });
  });
});

describe('summary Markdown', () => {
  it('keeps any text literal in a table cell (fast-check, seed printed on failure)', () => {
    const hostileChars = fc.constantFrom(
      ...'<>&|\\`*_[]~!#@:/.\n\r\t ()=-"\'aw'.split(''),
      '\u2028',
      'www.',
      'https://x.y',
      '<!--',
      '-->',
      '&amp;',
    );
    fc.assert(
      fc.property(
        fc.array(hostileChars, { maxLength: 40 }).map((a) => `a${a.join('')}z`),
        (s) => {
          const md = `| h |\n|---|\n| ${markdownText(s)} |\n`;
          const { tables, forbidden } = markdownTables(md);
          expect(forbidden).toEqual([]);
          expect(tables).toHaveLength(1);
          expect(tables[0]!.rows).toHaveLength(1);
          const cell = tables[0]!.rows[0]!;
          expect(cell).toHaveLength(1);
          expect(cell[0]!.replaceAll('\u2060', '')).toBe(s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' '));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
  it('renders the gate table and escapes what the report quotes', () => {
    const md = summaryMarkdown({
      cycle_id: 'c-1 <b>x</b>',
      evaluated_at: '2026-11-20T00:00:00Z',
      exit_code: 1,
      gates: [
        {
          gate: 3,
          name: 'optimization',
          status: 'fail',
          criteria: [
            { id: 'kpi_improvement', status: 'fail', actual: 0.1234567, threshold: 0.15, operator: '>=' },
          ],
        },
      ],
      diagnostics: [],
    });
    expect(md).toContain(
      '## perfgate: c-1 &lt;b&gt;x&lt;/b&gt; — ❌ A gate failed: 0 of 1 gate passes, 1 failed',
    );
    expect(md).toContain('| 3: kpi\\_improvement | ❌ Fail | 12.3 % | &gt;= 15 % |');
  });
});
