/**
 * Every rule of ARTIFACTS.md sections 1-2 has a case under test/fixtures/validation-cases: the
 * valid fixture cycle with a few files overridden, and the diagnostic it must produce.
 */
import { execFileSync } from 'node:child_process';
import { cp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, runCli, STACK_TRACE } from './helpers/cli.ts';

interface Case {
  description: string;
  expect: {
    code: string | null;
    file: string | null;
    exit_code: number;
    line?: number;
    pointer?: string;
    message_includes?: string;
    severity?: string;
  };
  remove?: string[];
  setup?: { symlink?: { path: string; target: string }; fifo?: string };
}

const CASES = path.join(FIXTURES, 'validation-cases');
const names = (await readdir(CASES)).sort();

describe('validation cases', () => {
  it('covers the contract broadly', () => {
    expect(names.length).toBeGreaterThanOrEqual(50);
  });

  for (const name of names) {
    const c = JSON.parse(readFileSync(path.join(CASES, name, 'case.json'), 'utf8')) as Case;
    it(`${name}: ${c.description}`, async () => {
      const root = await copyFixture('valid');
      try {
        for (const rel of c.remove ?? []) await rm(path.join(root, rel));
        if (existsSync(path.join(CASES, name, 'protocol-18')))
          await cp(path.join(CASES, name, 'protocol-18'), path.join(root, 'protocol-18'), {
            recursive: true,
          });
        if (c.setup?.symlink) await symlink(c.setup.symlink.target, path.join(root, c.setup.symlink.path));
        if (c.setup?.fifo) execFileSync('mkfifo', [path.join(root, c.setup.fifo)]);
        const configSrc = path.join(CASES, name, 'config.yaml');
        const config = path.join(root, 'config.yaml');
        if (existsSync(configSrc)) await cp(configSrc, config);
        else await cp(path.join(FIXTURES, 'defaults.yaml'), config);
        const before = await snapshot(path.join(root, 'protocol-18'));

        const run = await runCli([
          'validate',
          '--artifacts',
          path.join(root, 'protocol-18'),
          '--config',
          config,
          '--json',
        ]);
        expect(run.stderr).not.toMatch(STACK_TRACE);
        const out = run.json();
        expect(out.exit_code).toBe(c.expect.exit_code);
        expect(run.code).toBe(c.expect.exit_code);
        if (c.expect.code === null) {
          expect(
            out.diagnostics.filter(
              (d: { severity: string }) => d.severity !== 'info' && d.severity !== 'warning',
            ),
          ).toEqual([]);
        } else {
          // The config is named relative to the working directory (ARTIFACTS.md section 4).
          const file = c.expect.file === 'CONFIG' ? path.relative(process.cwd(), config) : c.expect.file;
          const match = out.diagnostics.find(
            (d: Record<string, unknown>) => d.code === c.expect.code && d.file === file,
          );
          expect(match, JSON.stringify(out.diagnostics, null, 1)).toBeDefined();
          if (c.expect.line !== undefined) expect(match.line).toBe(c.expect.line);
          if (c.expect.pointer !== undefined) expect(match.pointer).toBe(c.expect.pointer);
          if (c.expect.message_includes) expect(match.message).toContain(c.expect.message_includes);
          if (c.expect.severity) expect(match.severity).toBe(c.expect.severity);
          expect(match.hint.length).toBeGreaterThan(10);
          expect(match.message).not.toMatch(/must (be|have|match|NOT)/); // never raw ajv text
        }
        // Inputs are read-only: validation changed nothing.
        expect(await snapshot(path.join(root, 'protocol-18'))).toEqual(before);
        // The human output names the file too, without a stack trace.
        const human = await runCli([
          'validate',
          '--artifacts',
          path.join(root, 'protocol-18'),
          '--config',
          config,
        ]);
        expect(human.code).toBe(c.expect.exit_code);
        expect(human.stdout + human.stderr).not.toMatch(STACK_TRACE);
        if (c.expect.code) expect(human.stdout).toContain(c.expect.code);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  }
});

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = path.join(e.parentPath, e.name);
    out[path.relative(dir, p)] = (await readFile(p)).toString('base64');
  }
  return out;
}
