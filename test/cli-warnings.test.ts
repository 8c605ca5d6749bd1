/**
 * Library warnings are never a raw channel to the CI log: a YAML key that is a collection is a
 * perfgate diagnostic with its line (the `yaml` library emits no process warning), and whatever
 * warning any library raises is printed by bin/perfgate.mjs through the CLI's own escaping, so
 * `::error::` or `##[error]` in its text cannot become a workflow command.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFixture, runCli, STACK_TRACE } from './helpers/cli.ts';
import { workflowCommands } from './helpers/workflow-commands.ts';
import { ROOT } from './site/build.ts';

const BIN = path.join(ROOT, 'bin/perfgate.mjs');
const HOSTILE_KEY = '? [a, "::error::x", "##[error]y"]\n: 1\n';

let root: string;
let tmp: string;
beforeEach(async () => {
  root = await copyFixture('valid');
  tmp = await mkdtemp(path.join(os.tmpdir(), 'perfgate-warn-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(tmp, { recursive: true, force: true });
});

/** Runs the real entry point (a separate Node process, the pinned one); never rejects. */
async function spawn(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, args, { cwd: root });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('a YAML config key that is a collection', () => {
  it.each([
    ['a complex key holding workflow-command text', HOSTILE_KEY, 1],
    ['a flow mapping with a list key', '{[a]: 1}\n', 1],
    ['an alias of a list used as a key', 'x: &l [1]\n*l : 2\n', 2],
  ])('%s is a diagnostic with its line, and no process warning', async (_name, yaml, line) => {
    const config = path.join(tmp, '18.yaml');
    await writeFile(config, yaml);
    const warnings: Error[] = [];
    const onWarning = (w: Error) => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      const args = ['validate', '--artifacts', path.join(root, 'protocol-18'), '--config', config];
      const r = await runCli([...args, '--json']);
      expect(r.code).toBe(1);
      const d = r.json().diagnostics.filter((x: { code: string }) => x.code === 'yaml.collection-key');
      expect(d).toEqual([
        {
          code: 'yaml.collection-key',
          severity: 'error',
          file: path.relative(process.cwd(), config),
          line,
          message: 'Unexpected list or mapping as a key, expected a plain name such as `baseline:`',
          hint: 'Write each key of the gate config as a plain name (`? [a, b]` and `{[a]: 1}` are keys no config reads).',
        },
      ]);
      const human = await runCli(args);
      expect(human.stdout + human.stderr).toContain(
        `${config}:${line}\n  error    Unexpected list or mapping`,
      );
      expect(human.stdout + human.stderr).not.toMatch(STACK_TRACE);
      // process.emitWarning emits on the next tick: let it.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.message)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('through bin/perfgate.mjs leaves no workflow command in the log', async () => {
    const config = path.join(tmp, '18.yaml');
    await writeFile(config, HOSTILE_KEY);
    const r = await spawn([BIN, 'validate', '--artifacts', 'protocol-18', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[yaml.collection-key]');
    expect(workflowCommands(r.stdout + '\n' + r.stderr)).toEqual([]);
    expect(r.stderr).not.toContain('Keys with collection values');
  });
});

describe('bin/perfgate.mjs prints any library warning escaped', () => {
  it('escapes ::, ##[ and terminal controls in a warning raised while and after the CLI loads', async () => {
    const preload = path.join(tmp, 'warn.mjs');
    const text = 'hostile\\n::error::from-a-warning ##[error]inline \\u001b[2J';
    await writeFile(
      preload,
      // Two warnings, each on an event rather than after a time: one as the CLI installs its warning
      // handler (the escaping has not loaded yet), one as the CLI first writes its output (it has).
      [
        `const w = () => process.emitWarning("${text}");`,
        `let installing = true;`,
        `process.on('newListener', (event) => { if (event === 'warning' && installing) { installing = false; w(); } });`,
        `const write = process.stdout.write.bind(process.stdout);`,
        `let first = true;`,
        `process.stdout.write = (...a) => { if (first) { first = false; w(); } return write(...a); };`,
        '',
      ].join('\n'),
    );
    const r = await spawn(['--import', pathToFileURL(preload).href, BIN, 'validate', '--help']);
    expect(r.code).toBe(0);
    expect(workflowCommands(r.stdout + '\n' + r.stderr)).toEqual([]);
    expect(r.stderr).not.toContain('\u001b');
    // Both warnings arrive (none is lost while the escaping loads), escaped as the CLI escapes.
    const expected = 'Warning: hostile\n\\u003a:error::from-a-warning ##\\u005berror]inline \\u001b[2J\n';
    expect(r.stderr.split(expected).length - 1).toBe(2);
  });
});
