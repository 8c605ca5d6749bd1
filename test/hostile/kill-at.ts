/**
 * A child process for the fault tests: runs the real CLI with every file-system operation that
 * changes the disk counted, and SIGKILLs itself just before operation number PERFGATE_KILL_AT
 * (deterministic points, no timing race). It writes the kind of every operation it counted, one per
 * line, to PERFGATE_COUNT_FILE (with PERFGATE_KILL_AT=0 it runs to the end: the whole list). Test code
 * only: the library has no such seam.
 */
import fs, { constants } from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const killAt = Number(process.env.PERFGATE_KILL_AT ?? '0');
const countFile = process.env.PERFGATE_COUNT_FILE;
const kinds: string[] = [];

/** Counts one operation of `kind`; at the chosen one, writes the list and dies before it happens. */
function step(kind: string): void {
  kinds.push(kind);
  if (kinds.length === killAt) {
    if (countFile) fs.writeFileSync(countFile, kinds.join('\n'));
    process.kill(process.pid, 'SIGKILL');
  }
}

const writes = (flags: unknown) =>
  typeof flags === 'number'
    ? (flags & (constants.O_WRONLY | constants.O_RDWR)) !== 0
    : typeof flags === 'string' && flags !== 'r';

type AnyFn = (...args: unknown[]) => unknown;
const target = fsp as unknown as Record<string, AnyFn>;
// mkdir and the chunk writes between an open and its fsync are left out: a kill there leaves the same
// states as a kill at the neighbouring points, and each point costs a whole run.
for (const name of ['rename', 'rm', 'unlink', 'rmdir', 'writeFile', 'copyFile', 'cp']) {
  const real = target[name]!;
  target[name] = (...args: unknown[]) => (step(name), real(...args));
}
const realOpen = target.open!;
target.open = (...args: unknown[]) => {
  if (writes(args[1])) step('open');
  return realOpen(...args);
};
// An fsync through a file handle is a point too (a kill before it can leave a torn file).
const handle = await fsp.open(process.execPath, 'r');
const proto = Object.getPrototypeOf(handle) as Record<string, AnyFn>;
await handle.close();
for (const name of ['sync']) {
  const real = proto[name]!;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    step(name);
    return real.apply(this, args);
  };
}
const streams = fs as unknown as Record<string, AnyFn>;
const realStream = streams.createWriteStream!;
streams.createWriteStream = (...args: unknown[]) => (step('createWriteStream'), realStream(...args));
syncBuiltinESMExports();

process.on('exit', () => {
  if (countFile) fs.writeFileSync(countFile, kinds.join('\n'));
});
const { main } = await import('../../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
