/** A cycle whose artifacts carry workflow-command and Markdown payloads, with a blocking error. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyFixture } from './cli.ts';

/** Payloads the runner would take as commands if they reached the log raw. */
export const PAYLOADS = {
  jsonKeyLf: 'k\n::add-mask::x',
  jsonKeyCr: 'k\r::notice file=src/payments/charge.ts,line=42::All gates pass',
  csvColumn: 'col\n::add-mask::csv',
  painPoint: '##[stop-commands]x',
  heading: '::warning::heading ##[add-mask]h',
  fileName: 'evil\n::add-mask::fname.txt',
  /** A monitored endpoint: it reaches the KPI table of the summary and the comment. */
  endpoint:
    'GET /cart|<img src=x onerror=alert(1)>\r::add-mask::e ##[add-mask]e &amp; @octocat [x](https://evil.example) **b**',
};

/** Copies the gates/regression fixture and plants the payloads; returns the cycle directory. */
export async function hostileCycle(): Promise<string> {
  const cycle = path.join(await copyFixture('gates/regression'), 'protocol-18');
  const edit = async (file: string, fn: (s: string) => string) =>
    writeFile(path.join(cycle, file), fn(await readFile(path.join(cycle, file), 'utf8')));
  // Duplicate keys: the strict JSON reader reports them, quoting the key.
  const k1 = JSON.stringify(PAYLOADS.jsonKeyLf);
  const k2 = JSON.stringify(PAYLOADS.jsonKeyCr);
  await edit('load-test-results.json', (s) => s.replace('{', `{${k1}: 1, ${k1}: 2, ${k2}: 1, ${k2}: 2,`));
  await edit('performance-intake-report.json', (s) => {
    const j = JSON.parse(s) as { pain_points?: unknown[] };
    j.pain_points = [...(j.pain_points ?? []), PAYLOADS.painPoint];
    return JSON.stringify(j, null, 2);
  });
  await edit('baseline-metrics.csv', (s) =>
    s
      .split('\n')
      .map((l) =>
        l.startsWith('service,')
          ? `${l},${JSON.stringify(PAYLOADS.csvColumn)}`
          : /^[a-z]/.test(l)
            ? `${l},1`
            : l,
      )
      .join('\n'),
  );
  await edit('hypothesis-log.md', (s) => `${s}\n## ${PAYLOADS.heading}\n\n- Owner: x\n`);
  await edit('optimization-validation-report.json', (s) =>
    s.replace('"GET /cart"', JSON.stringify(PAYLOADS.endpoint)),
  );
  await writeFile(path.join(cycle, 'diagnostics', PAYLOADS.fileName), 'x');
  return cycle;
}
