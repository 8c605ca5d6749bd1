/** Runs the real CLI in-process with captured output. */
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function runCli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** A fresh copy of a fixture tree in a temporary folder (fixtures themselves stay read-only). */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `perfgate-${name.replaceAll('/', '-')}-`));
  await cp(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** A stack trace line as Node prints it. */
export const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)|TypeError: |ReferenceError: /;
