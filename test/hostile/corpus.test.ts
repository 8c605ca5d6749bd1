/**
 * The hostile corpus (test/fixtures/hostile, one folder per case): every case ends in its exit
 * code with a diagnostic that names the file (and line or pointer) and says what to do, in the
 * JSON and the human output, never with a stack trace or an internal error, and leaves every
 * input exactly as it was.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILES } from '../../src/core/artifacts.ts';
import { copyFixture, FIXTURES, runCli, STACK_TRACE, type CliRun } from '../helpers/cli.ts';
import { applyCase, AS_OF, readCases, rooted, snapshot, type Case } from './cases.ts';
import { runScript } from '../site/build.ts';

const cases = await readCases();

/** The command line a case runs, with the cycle, config, archive and output inside its root. */
function argv(c: Case, root: string): string[] {
  const extra = (c.args ?? []).map((a) => rooted(a, root));
  if (c.command === 'verify') return ['verify', ...extra];
  const args = [
    c.command,
    '--artifacts',
    path.join(root, 'protocol-18'),
    '--config',
    // A case without a config of its own runs on the defaults (a named config must exist).
    existsSync(path.join(root, 'config.yaml'))
      ? path.join(root, 'config.yaml')
      : path.join(FIXTURES, 'defaults.yaml'),
  ];
  if (c.command === 'report' || c.command === 'build') args.push('--archive', path.join(root, 'archive'));
  if (c.command === 'build') args.push('--out', path.join(root, 'dist'));
  if (c.command !== 'validate' && !c.no_as_of) args.push('--as-of', AS_OF);
  return [...args, ...extra];
}

/**
 * Runs the CLI: in-process, or, for a case with environment variables of its own, as a child process
 * with them (the test process's environment is never changed: other tests may read it meanwhile).
 */
async function run(c: Case, args: string[]): Promise<CliRun> {
  if (!c.env) return runCli(args);
  const r = await runScript('bin/perfgate.mjs', args, process.cwd(), c.env);
  return { ...r, json: () => JSON.parse(r.stdout) };
}

interface Found {
  code: string;
  file: string;
  line?: number;
  pointer?: string;
  severity?: string;
  message: string;
  hint: string;
}

/** The diagnostics (or, for verify, the problems with the report's hints) of a JSON run. */
function findings(c: Case, out: Record<string, unknown>): Found[] {
  if (c.command !== 'verify') return (out.diagnostics ?? []) as Found[];
  const hints = (out.hints ?? []) as string[];
  return ((out.problems ?? []) as { kind: string; path: string; message: string }[]).map((p) => ({
    code: p.kind,
    file: p.path,
    message: p.message,
    hint: hints.join(' '),
  }));
}

const ESC = '\u001b';

describe('the hostile corpus', () => {
  it('holds at least 40 cases, in every category of the threat model', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const categories = new Set(cases.map(({ name }) => name.split('-')[0]));
    for (const k of ['fs', 'json', 'csv', 'md', 'zip', 'config', 'time', 'report', 'build'])
      expect(categories, k).toContain(k);
  });

  for (const { name, c } of cases) {
    it(`${name}: ${c.description}`, async () => {
      const root = await copyFixture('valid');
      try {
        await applyCase(name, c, root);
        const cycleOutputs = new Set(GENERATED_FILES.map((f) => path.join('protocol-18', f)));
        const untouched = (rel: string) => cycleOutputs.has(rel) || /^(dist|archive)(\/|$)/.test(rel);
        const before = await snapshot(root, untouched);
        const args = argv(c, root);
        const e = c.expect;
        const file =
          // The config is named relative to the working directory (ARTIFACTS.md section 4).
          e.file === 'CONFIG'
            ? path.relative(process.cwd(), path.join(root, 'config.yaml'))
            : e.file
              ? rooted(e.file, root)
              : e.file;

        for (const mode of c.runs ?? ['json', 'human']) {
          const r = await run(c, mode === 'json' ? [...args, '--json'] : args);
          const all = r.stdout + r.stderr;
          expect(all, mode).not.toMatch(STACK_TRACE);
          expect(all, mode).not.toContain('internal error');
          expect(r.code, `${mode} exit code\n${all.slice(0, 2000)}`).toBe(e.exit_code);
          if (mode === 'human') {
            // Artifact text never drives the terminal (escape sequences are shown escaped).
            expect(all).not.toContain(ESC);
            if (e.error) expect(r.stderr).toMatch(/\n {2}hint: \S/);
            if (e.code) expect(all).toContain(c.command === 'verify' ? `${e.code} ` : `[${e.code}]`);
            continue;
          }
          const out = r.json() as Record<string, unknown>;
          expect(out.exit_code).toBe(e.exit_code);
          if (e.error) {
            const err = out.error as { message: string; hint: string };
            expect(err.message).toContain(e.error);
            expect(err.hint.length).toBeGreaterThan(10);
            continue;
          }
          const found = findings(c, out);
          if (!e.code) {
            expect(found.filter((d) => d.severity !== 'warning' && d.severity !== 'info')).toEqual([]);
            continue;
          }
          const match = found.find(
            (d) =>
              d.code === e.code &&
              d.file === file &&
              (e.pointer === undefined || d.pointer === e.pointer) &&
              (e.line === undefined || d.line === e.line),
          );
          expect(match, JSON.stringify(found, null, 1).slice(0, 3000)).toBeDefined();
          if (e.line !== undefined) expect(match!.line).toBe(e.line);
          if (e.pointer !== undefined) expect(match!.pointer).toBe(e.pointer);
          if (e.severity) expect(match!.severity).toBe(e.severity);
          if (e.message_includes) expect(match!.message).toContain(e.message_includes);
          if (e.hint_includes) expect(match!.hint).toContain(e.hint_includes);
          expect(match!.message.length).toBeGreaterThan(10);
          expect(match!.hint.length).toBeGreaterThan(10);
          expect(match!.message).not.toMatch(/(^|\/\S* )must (be|have|match|NOT) /); // never raw ajv text
          for (const [id, status] of Object.entries(e.criteria ?? {})) {
            const criteria = (out.gates as { criteria: { id: string; status: string }[] }[]).flatMap(
              (g) => g.criteria,
            );
            expect(criteria.find((x) => x.id === id)?.status, id).toBe(status);
          }
        }
        // Inputs are read-only: nothing perfgate was handed changed, whatever it answered.
        expect(await snapshot(root, untouched)).toEqual(before);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  }
});
