/**
 * The generated files of the fixture cycle, as golden files (reviewable diffs), and the report's
 * escaping of hostile artifact text. Unit-level runs use the in-memory writer.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareReport } from '../../src/cli/commands/report.ts';
import { emitCycle } from '../../src/core/emit/emit-cycle.ts';
import { sha256Hex } from '../../src/core/evidence/hash.ts';
import { REPORT_MARKER } from '../../src/core/emit/report/index.ts';
import { MemoryWriter } from '../../src/core/emit/writer.ts';
import { runCli, STACK_TRACE } from '../helpers/cli.ts';
import { AS_OF, freshCycle, reportArgs, zipEntries, removeTemporaries } from './helpers.ts';

afterAll(removeTemporaries);

const GOLDEN = path.join(import.meta.dirname, '__golden__');

async function emitInMemory(c: { dir: string; config: string; archive: string }) {
  const prepared = await prepareReport({
    artifacts: c.dir,
    config: c.config,
    archive: c.archive,
    asOf: AS_OF,
  });
  if (!prepared.emit) throw new Error('prerequisites missing');
  const writer = new MemoryWriter();
  const result = await emitCycle(prepared.emit, writer);
  return { writer, result, prepared };
}

/**
 * What stderr holds besides the phase lines a run longer than a second prints there (`perfgate:
 * hashing 1.2 MiB in 1.3 s`): no diagnostic, warning or note may be among it.
 */
const notProgress = (stderr: string) =>
  stderr.split('\n').filter((l) => l !== '' && !/^perfgate: [a-z].* in \d+(\.\d+)? m?s$/.test(l));

describe('perfgate report on the fixture cycle', () => {
  it('writes the seven files, matching the golden files', async () => {
    const c = await freshCycle();
    const run = await runCli(reportArgs(c));
    expect(notProgress(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    for (const name of [
      'PERFORMANCE-REPORT.md',
      'validation-report.json',
      'performance-report-manifest.json',
      'evidence-manifest.json',
      'gate-config.json',
    ]) {
      await expect(await readFile(path.join(c.dir, name), 'utf8')).toMatchFileSnapshot(
        path.join(GOLDEN, name),
      );
    }
    const listing = (await zipEntries(path.join(c.dir, 'performance-evidence-bundle.zip')))
      .map(
        (e) =>
          `${e.method === 0 ? 'stored ' : 'deflate'} ${e.mode.toString(8)} ${sha256Hex(e.data)} ${String(e.data.length).padStart(6)} ${e.name}`,
      )
      .join('\n');
    await expect(listing + '\n').toMatchFileSnapshot(path.join(GOLDEN, 'bundle-listing.txt'));
  });

  it('writes validation-report.json as the same object `perfgate gates --json` prints', async () => {
    const c = await freshCycle();
    await runCli(reportArgs(c));
    const gates = await runCli([
      'gates',
      '--artifacts',
      c.dir,
      '--config',
      c.config,
      '--as-of',
      AS_OF,
      '--json',
    ]);
    const written = JSON.parse(await readFile(path.join(c.dir, 'validation-report.json'), 'utf8'));
    expect(Object.keys(written)).toEqual([
      'cycle_id',
      'evaluated_at',
      'exit_code',
      'config',
      'config_source',
      'config_sha256',
      'perfgate_version',
      'gates',
      'deltas',
      'traceability',
      'diagnostics',
    ]);
    expect(Object.keys(gates.json())).toEqual(Object.keys(written));
    const { traceability: _t1, ...fromGates } = gates.json();
    const { traceability: _t2, ...fromReport } = written;
    expect(fromReport).toEqual(fromGates);
  });

  it('keeps stdout to one JSON document with --json', async () => {
    const c = await freshCycle();
    const run = await runCli(reportArgs(c, '--json'));
    expect(run.code).toBe(0);
    const json = run.json();
    expect(json.outputs.map((o: { path: string }) => o.path)).toEqual([
      'validation-report.json',
      'PERFORMANCE-REPORT.md',
      'performance-report-manifest.json',
      'gate-config.json',
      'report.html',
      'evidence-manifest.json',
      'performance-evidence-bundle.zip',
    ]);
    expect(notProgress(run.stderr)).toEqual([]);
  });

  it('renders through the in-memory writer without touching the cycle directory', async () => {
    const c = await freshCycle();
    const { writer, result } = await emitInMemory(c);
    expect([...writer.files.keys()].sort()).toEqual([
      'PERFORMANCE-REPORT.md',
      'evidence-manifest.json',
      'gate-config.json',
      'performance-evidence-bundle.zip',
      'performance-report-manifest.json',
      'report.html',
      'validation-report.json',
    ]);
    expect(result.evidenceFiles).toBe(15);
    const report = writer.files.get('PERFORMANCE-REPORT.md')!.toString('utf8');
    expect(report.split('\n')[0]).toBe(REPORT_MARKER);
    const manifest = JSON.parse(writer.files.get('evidence-manifest.json')!.toString('utf8'));
    const reportEntry = manifest.files.find((f: { path: string }) => f.path === 'PERFORMANCE-REPORT.md');
    expect(reportEntry.sha256).toBe(sha256Hex(writer.files.get('PERFORMANCE-REPORT.md')!));
  });
});

describe('a cycle with waivers, a signed exception and a failing gate', () => {
  it('renders every receipt, waiver state and the failure block (golden file)', async () => {
    const c = await freshCycle();
    await cp(path.join(import.meta.dirname, 'scenarios', 'waived-and-failing'), c.root, { recursive: true });
    const run = await runCli(reportArgs(c));
    expect(run.code).toBe(1);
    const report = await readFile(path.join(c.dir, 'PERFORMANCE-REPORT.md'), 'utf8');
    await expect(report).toMatchFileSnapshot(path.join(GOLDEN, 'PERFORMANCE-REPORT.waived-and-failing.md'));
    expect(report).toContain('**Verdict: A gate failed**');
    expect(report).toMatch(/`W-1` \| `distribution_groups` \| \*\*applied\*\*/);
    expect(report).toMatch(/`W-2` \| `hypotheses` \| \*\*expired\*\*/);
    expect(report).toContain('[GATE FAILED: Optimization Validation Gate] [CRITICAL]');
  });
});

describe('hostile artifact text in the report', () => {
  it('is escaped as text: no raw HTML, no script link, tables intact', async () => {
    const c = await freshCycle();
    const intakeFile = path.join(c.dir, 'performance-intake-report.json');
    const intake = JSON.parse(await readFile(intakeFile, 'utf8'));
    intake.title = 'Evil <script>alert(1)</script> | pipe\n# not a heading';
    intake.pain_points = [
      {
        service: 'checkout-api',
        symptom: 'a | b\n\n| x | y |\n<img src=x onerror=alert(1)>',
        impact: '[click](javascript:alert(1))',
      },
    ];
    intake.business_impact = '<iframe src="https://evil.example"></iframe>\n\nSecond *paragraph* `code`';
    await writeFile(intakeFile, JSON.stringify(intake, null, 2));
    const { writer } = await emitInMemory(c);
    const report = writer.files.get('PERFORMANCE-REPORT.md')!.toString('utf8');
    const tree = unified().use(remarkParse).use(remarkGfm).parse(report) as Root;
    const html: string[] = [];
    const urls: string[] = [];
    let h1 = 0;
    visit(tree, (node) => {
      if (node.type === 'html') html.push(node.value);
      if (node.type === 'link' || node.type === 'image') urls.push(node.url);
      if (node.type === 'heading' && node.depth === 1) h1++;
    });
    expect(html).toEqual([REPORT_MARKER]);
    // GFM turns bare http(s) URLs in text into links; nothing else with a scheme may become one.
    expect(urls.filter((u) => /^[a-z][a-z0-9+.-]*:/i.test(u) && !/^https?:/i.test(u))).toEqual([]);
    expect(h1).toBe(1);
    expect(report).toContain('\\<script>');
    // The pain-point table still has exactly three columns in every row.
    let painTable: string[] = [];
    visit(tree, 'table', (t) => {
      const header = t.children[0]!.children.map((cell) => (cell.children[0] as { value?: string })?.value);
      if (header[0] === 'Service' && header[1] === 'Symptom')
        painTable = t.children.map((r) => String(r.children.length));
    });
    expect(painTable).toEqual(['3', '3']);
  });

  it('never writes a stack trace for a hostile cycle', async () => {
    const c = await freshCycle();
    await writeFile(
      path.join(c.dir, 'hypothesis-log.md'),
      '## H-1: <script>x</script>\n\n- Owner: a\n- Risk: low\n- Validation: v\n',
    );
    const run = await runCli(reportArgs(c));
    expect(run.stderr).not.toMatch(STACK_TRACE);
    // One hypothesis where gate 1 wants three: the report is written and the gate fails.
    expect(run.code, run.stderr).toBe(1);
    const report = await readFile(path.join(c.dir, 'PERFORMANCE-REPORT.md'), 'utf8');
    expect(report).toContain('| `hypotheses` | **fail** | 1 | >= | 3 |');
    expect(report).toContain('| `H-1` | \\<script>x\\</script> |'); // escaped: Markdown shows it as text
    expect(report).not.toMatch(/(^|[^\\])<script>/);
  });
});
