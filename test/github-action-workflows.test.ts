/**
 * Least privilege in the workflows and the action: permissions per job, no kept credentials, every
 * action pinned by commit; the base path from actions/configure-pages (user sites, custom domains),
 * in this repository's workflow and in the one the README gives adopters.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './site/build.ts';

interface Step {
  id?: string;
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

/** configure-pages runs before perfgate, whose base and site are its outputs (a user site's base_path is empty). */
function expectBaseFromConfigurePages(steps: Step[], perfgate: string): void {
  const pages = steps.findIndex((s) => s.uses?.startsWith('actions/configure-pages@'));
  const action = steps.findIndex((s) => s.uses === perfgate);
  expect(pages).toBeGreaterThanOrEqual(0);
  expect(action).toBeGreaterThan(pages);
  const id = steps[pages]!.id;
  expect(steps[action]!.with).toMatchObject({
    base: `\${{ steps.${id}.outputs.base_path }}/`,
    site: `\${{ steps.${id}.outputs.base_url }}/`,
  });
}

describe('workflow files', () => {
  it('pages.yml: nothing granted by default, each job its own permissions, no kept credentials', async () => {
    const raw = await text('.github/workflows/pages.yml');
    const wf = parse(raw) as Workflow;
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.build?.permissions).toEqual({ contents: 'read', pages: 'read' });
    expect(wf.jobs.deploy?.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    for (const job of Object.values(wf.jobs))
      for (const step of job.steps)
        if (step.uses?.startsWith('actions/checkout@'))
          expect(step.with?.['persist-credentials']).toBe(false);
    for (const line of usesLines(raw).filter((l) => !l.includes('uses: ./'))) expect(line).toMatch(PINNED);
    expectBaseFromConfigurePages(wf.jobs.build!.steps, './');
  });
  it("README: the adopter's workflow takes the base path from actions/configure-pages, least privilege, pinned", async () => {
    const readme = await text('README.md');
    const block = /<!-- workflow: [^\n]*-->\n```yaml\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const wf = parse(block!) as Workflow;
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.build?.permissions).toEqual({
      contents: 'read',
      pages: 'read',
      'pull-requests': 'write',
    });
    for (const step of wf.jobs.build!.steps)
      if (step.uses?.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials']).toBe(false);
    for (const line of usesLines(block!).filter((l) => !l.includes('<owner>/perfgate@')))
      expect(line).toMatch(PINNED);
    expectBaseFromConfigurePages(wf.jobs.build!.steps, '<owner>/perfgate@<commit>');
    expect(readme).toContain('Settings → Pages → Build and deployment → Source: GitHub Actions');
  });
  it('action.yml: every step pinned by commit with its version', async () => {
    const lines = usesLines(await text('action.yml'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(PINNED);
  });
  it('action.yml: npm ci from a cache keyed by the lockfile; archiving off unless asked; the cache-key secret kept', async () => {
    const action = parse(await text('action.yml')) as {
      inputs: Record<string, { default?: string }>;
      runs: { steps: (Step & { name?: string; run?: string })[] };
    };
    const steps = action.runs.steps;
    const install = steps.findIndex((s) => s.run?.includes('npm ci'));
    const cache = steps.findIndex((s) => s.uses?.startsWith('actions/cache@') && s.with?.path === '~/.npm');
    expect(cache).toBeGreaterThanOrEqual(0);
    expect(cache).toBeLessThan(install);
    expect(String(steps[cache]!.with?.key)).toContain('steps.deps.outputs.lock');
    expect(steps.find((s) => s.id === 'deps')?.run).toContain(
      'sha256sum "$GITHUB_ACTION_PATH/package-lock.json"',
    );
    expect(action.inputs['archive-cycle']?.default).toBe('false');
    expect(action.inputs['cache-key']?.default).toBe('');
  });
});
