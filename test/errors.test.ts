/**
 * One error type (issue 24): every failure a person can cause or fix is a PerfgateError (message,
 * hint, exit code, and where when known), and the CLI prints every one the same way in one place.
 * Checked on the sources (no other class carries a hint, no command converts one error into
 * another) and on the command as a user runs it: a refusal, a bad input with its line, a missing
 * prerequisite, each with its exit code and hint and no stack trace.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli, STACK_TRACE } from './helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');
const SOURCES = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.generated.ts'))
  .map((f) => ({ file: path.join('src', f), text: readFileSync(path.join(SRC, f), 'utf8') }));

/**
 * Errors that never reach a person as they are: control flow (a cycle not found is answered with
 * the cycles there are), low-level reads and parses that their callers turn into a located
 * PerfgateError, the child's failure and HTTP statuses the action handles.
 */
const INTERNAL = new Set([
  'CycleNotFound',
  'FileTooLargeError',
  'NotRegularFileError',
  'ChildError',
  'ProfileError',
  'ImportRejected',
  'HttpError',
]);

describe('one error type', () => {
  it('every error class of src/ is a PerfgateError or one of the few internal ones, each declared once', () => {
    const classes = SOURCES.flatMap(({ file, text }) =>
      [...text.matchAll(/class (\w+) extends (\w+)/g)]
        .filter((m) => m[2] === 'Error' || m[2]!.endsWith('Error'))
        .map((m) => ({ file, name: m[1]!, base: m[2]! })),
    );
    const names = classes.map((c) => c.name);
    expect(
      names.filter((n, i) => names.indexOf(n) !== i),
      'a class name declared twice',
    ).toEqual([]);
    const stray = classes.filter(
      (c) => c.base === 'Error' && c.name !== 'PerfgateError' && !INTERNAL.has(c.name),
    );
    expect(stray, 'a new error class: extend PerfgateError').toEqual([]);
  });

  it('only PerfgateError declares a hint or an exit code', () => {
    const declaring = SOURCES.filter(({ text }) => /readonly (hint|exitCode)\b/.test(text)).map(
      (s) => s.file,
    );
    expect(declaring).toEqual([path.join('src', 'core', 'errors.ts')]);
  });

  it('no command turns one error into another: the CLI reports every PerfgateError itself', () => {
    const converting = SOURCES.filter(({ file }) => file.startsWith(path.join('src', 'cli'))).flatMap(
      ({ file, text }) =>
        [...text.matchAll(/instanceof (EmitError|StoreError|ImportError|OverrideError)\b/g)].map(
          (m) => `${file}: ${m[0]}`,
        ),
    );
    expect(converting).toEqual([]);
  });
});

describe('as a user sees it', () => {
  it('a refusal: exit 1, the file named, a hint, no stack trace', async () => {
    const dir = path.join(await copyFixture('valid'), 'protocol-18');
    // A folder where perfgate writes its validation report: it refuses to replace it.
    await mkdir(path.join(dir, 'validation-report.json'));
    const r = await runCli(['report', '--artifacts', dir, '--as-of', '2026-11-21T00:00:00Z']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/perfgate: .*validation-report\.json is not a regular file \(a directory\)/);
    expect(r.stderr).toMatch(/\n {2}hint: Move or rename /);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('a bad input: exit 1, `file:line: message` as compilers print it, in the text and the JSON', async () => {
    const root = await copyFixture('valid');
    const jtl = path.join(root, 'broken.jtl');
    // A JMeter JTL whose third line has a text where the elapsed milliseconds belong.
    await writeFile(
      jtl,
      'timeStamp,elapsed,label,responseCode,success,allThreads\n' +
        '1551781227291,200,a,200,true,1\n' +
        '1551781227391,fast,a,200,true,1\n',
    );
    const r = await runCli([
      'import',
      'load-test',
      jtl,
      ...['--service', 'checkout-api', '--scenario', 'peak', '--kind', 'load', '--phase', 'after'],
      ...['--artifacts', path.join(root, 'protocol-18'), '--json'],
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`perfgate: ${jtl}:3: `);
    expect(r.json().error.message.startsWith(`${jtl}:3: `)).toBe(true);
    expect(r.json().error.hint.length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('a bad flag value: exit 2 with the value named and the range it must be in', async () => {
    const dir = await copyFixture('valid');
    const r = await runCli([
      'gates',
      '--artifacts',
      dir,
      '--threshold',
      '250',
      '--as-of',
      '2026-11-21T00:00:00Z',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/perfgate: Unexpected --threshold 250, expected a value from 0 to \d+/);
    expect(r.stderr).toMatch(/\n {2}hint: /);
  });
});
