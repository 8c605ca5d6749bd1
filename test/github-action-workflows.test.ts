/** Least privilege in the workflow and the action: permissions per job, no kept credentials, every action pinned by commit. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './site/build.ts';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  permissions?: unknown;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const text = (file: string) => readFile(path.join(ROOT, file), 'utf8');
/** `owner/name@<40 hex> # v1.2.3`, read from the raw line so that the version comment is checked too. */
const PINNED = /^\s*(?:- )?uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/;

function usesLines(raw: string): string[] {
  return raw.split('\n').filter((l) => /^\s*(?:- )?uses: /.test(l));
}

describe('workflow files', () => {
  it('pages.yml: nothing granted by default, each job its own permissions, no kept credentials', async () => {
    const raw = await text('.github/workflows/pages.yml');
    const wf = parse(raw) as Workflow;
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.build?.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.deploy?.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    for (const job of Object.values(wf.jobs))
      for (const step of job.steps)
        if (step.uses?.startsWith('actions/checkout@'))
          expect(step.with?.['persist-credentials']).toBe(false);
    for (const line of usesLines(raw).filter((l) => !l.includes('uses: ./'))) expect(line).toMatch(PINNED);
  });
  it('action.yml: every step pinned by commit with its version', async () => {
    const lines = usesLines(await text('action.yml'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(PINNED);
  });
});
