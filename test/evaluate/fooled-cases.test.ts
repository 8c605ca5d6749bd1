/**
 * Issue 10 and ARTIFACTS.md section 3 "Rules that keep a gate from being fooled": each folder of
 * test/fixtures/fooled is the valid fixture cycle with a few files overridden (and maybe a config),
 * run through `perfgate gates --json`; its case.json says the outcome the contract requires.
 */
import { cp, readdir, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, runCli, STACK_TRACE } from '../helpers/cli.ts';

interface Case {
  description: string;
  as_of?: string;
  expect: {
    exit_code: number;
    gates?: Record<string, string>;
    criteria?: Record<string, string>;
    summary_includes?: Record<string, string>;
    diagnostic?: { code: string; file: string; severity: string; pointer?: string; hint_includes?: string };
  };
}

const CASES = path.join(FIXTURES, 'fooled');
const names = (await readdir(CASES)).sort();

describe('gates that cannot be fooled (test/fixtures/fooled)', () => {
  for (const name of names) {
    const c = JSON.parse(readFileSync(path.join(CASES, name, 'case.json'), 'utf8')) as Case;
    it(`${name}: ${c.description}`, async () => {
      const root = await copyFixture('valid');
      try {
        const files = path.join(CASES, name, 'protocol-18');
        if (existsSync(files)) await cp(files, path.join(root, 'protocol-18'), { recursive: true });
        const own = path.join(CASES, name, 'config.yaml');
        const config = existsSync(own) ? own : path.join(FIXTURES, 'defaults.yaml');
        const run = await runCli([
          'gates',
          '--artifacts',
          path.join(root, 'protocol-18'),
          '--config',
          config,
          '--as-of',
          c.as_of ?? '2026-11-20T00:00:00Z',
          '--json',
        ]);
        expect(run.stderr).not.toMatch(STACK_TRACE);
        const out = run.json() as {
          exit_code: number;
          gates: {
            gate: number;
            status: string;
            criteria: { id: string; status: string; summary: string }[];
          }[];
          diagnostics: { code: string; file: string; severity: string; pointer?: string; hint: string }[];
        };
        expect(run.code).toBe(c.expect.exit_code);
        for (const [gate, status] of Object.entries(c.expect.gates ?? {}))
          expect(out.gates.find((g) => g.gate === Number(gate))?.status, `gate ${gate}`).toBe(status);
        const criteria = out.gates.flatMap((g) => g.criteria);
        for (const [id, status] of Object.entries(c.expect.criteria ?? {}))
          expect(criteria.find((x) => x.id === id)?.status, id).toBe(status);
        for (const [id, text] of Object.entries(c.expect.summary_includes ?? {}))
          expect(criteria.find((x) => x.id === id)?.summary).toContain(text);
        const d = c.expect.diagnostic;
        if (d) {
          // A config file is named relative to the working directory (ARTIFACTS.md section 4).
          const file =
            d.file === 'CONFIG' ? path.relative(process.cwd(), config).split(path.sep).join('/') : d.file;
          const match = out.diagnostics.find((x) => x.code === d.code && x.file === file);
          expect(match, JSON.stringify(out.diagnostics, null, 1)).toBeDefined();
          expect(match!.severity).toBe(d.severity);
          if (d.pointer) expect(match!.pointer).toBe(d.pointer);
          if (d.hint_includes) expect(match!.hint).toContain(d.hint_includes);
        }
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  }
});
