/**
 * A setup file of the `unit` project (vitest.config.ts), which runs its test files one after the
 * other in shared worker processes (`isolate: false`): whatever a file changes of the process that
 * the next file would see is put back when the file ends. Its environment variables (the store
 * tests set AWS credentials), its working folder and its `process.exitCode`. A file's own module
 * state is the files' business; a listener a file adds and leaves is caught by the count below.
 */
import { afterAll, beforeAll, expect } from 'vitest';

let env: NodeJS.ProcessEnv;
let cwd: string;
let exitCode: typeof process.exitCode;
const listeners = () =>
  (['exit', 'warning', 'uncaughtException', 'unhandledRejection', 'SIGINT', 'SIGTERM'] as const).map(
    (e) => `${e}:${process.listenerCount(e)}`,
  );
let before: string[];

beforeAll(() => {
  env = { ...process.env };
  cwd = process.cwd();
  exitCode = process.exitCode;
  before = listeners();
});

afterAll(() => {
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  Object.assign(process.env, env);
  if (process.cwd() !== cwd) process.chdir(cwd);
  process.exitCode = exitCode;
  // A process listener left behind would run during the next file: a file must remove its own.
  expect(listeners(), 'process listeners left behind by this file').toEqual(before);
});
