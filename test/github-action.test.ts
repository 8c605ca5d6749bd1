/** The composite action's script, run locally as GitHub would, and its pure formatters. */
import { mkdtemp, readFile, writeFile, rm, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotations, stepSummary } from '../src/core/github.ts';
import { FIXTURES } from './helpers/cli.ts';
import { runScript } from './site/build.ts';

const action = (env: Record<string, string>) => runScript('scripts/github-action.mjs', [], undefined, env);

describe('github action script', () => {
  it('writes the gate table to the step summary, annotates, builds the site and fails on a failed gate', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'perfgate-action-'));
    try {
      await cp(path.join(FIXTURES, 'gates/regression'), path.join(work, 'cycle'), { recursive: true });
      // A diagnostic to annotate that does not block publishing: throughput inconsistent with requests/duration.
      const loadFile = path.join(work, 'cycle/protocol-18/load-test-results.json');
      const text = await readFile(loadFile, 'utf8');
      await writeFile(loadFile, text.replace('"throughput_rps": 900', '"throughput_rps": 1900'));
      const summary = path.join(work, 'summary.md');
      const r = await action({
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_REPOSITORY: 'acme/shop',
        INPUT_ARTIFACTS: path.join(work, 'cycle/protocol-18'),
        INPUT_ARCHIVE: path.join(work, 'none'),
        INPUT_CONFIG: path.join(FIXTURES, 'defaults.yaml'),
        INPUT_OUT: path.join(work, 'site'),
        SOURCE_DATE_EPOCH: '1795000000',
      });
      expect(r.code).toBe(1);
      const md = await readFile(summary, 'utf8');
      expect(md).toContain('| Gate | Status | Criteria |');
      expect(md).toMatch(/\| 3 optimization \| ❌ fail \|/);
      expect(md).toContain('3: regression\\_count | ❌ fail | 1 | <= 0');
      expect(r.stdout).toMatch(
        /^::warning file=.*load-test-results\.json,line=\d+,title=perfgate load\.throughput-mismatch::/m,
      );
      const html = await readFile(path.join(work, 'site/index.html'), 'utf8');
      expect(html).toContain('/shop/'); // default base: /<repository>/
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('step summary and annotations', () => {
  const report = {
    cycle_id: 'c-1',
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
    diagnostics: [
      {
        code: 'x.y',
        severity: 'error' as const,
        file: 'a,b:c.json',
        line: 3,
        message: 'Bad | value\n100%',
        hint: 'Fix it.',
      },
    ],
  };
  it('renders a table that untrusted text cannot break', () => {
    const md = stepSummary(report);
    expect(md).toContain('| 3: kpi\\_improvement | ❌ fail | 0.1235 | >= 0.15 |');
  });
  it('escapes workflow-command data and properties', () => {
    const [line] = annotations(report.diagnostics, (d) => d.file);
    expect(line).toBe(
      '::error file=a%2Cb%3Ac.json,line=3,title=perfgate x.y::Bad | value%0A100%25. Hint: Fix it.',
    );
  });
});
