/**
 * A child process for the build fault tests: runs the real CLI's `main` with a build point (the
 * `buildPoint` of its Io, which the command line never sets): PERFGATE_BUILD_AT=<point>:kill makes
 * the build SIGKILL itself at that deterministic point of the pipeline; <point>:pause prints
 * `perfgate-test: paused at <point>` on stderr and waits for a line on stdin. Test code only.
 */
import { main } from '../../src/cli/main.ts';

const m = /^([a-z]+):(kill|pause)$/.exec(process.env.PERFGATE_BUILD_AT ?? '');
const buildPoint = m
  ? async (p: string) => {
      if (p !== m[1]) return;
      if (m[2] === 'kill') process.kill(process.pid, 'SIGKILL');
      process.stderr.write(`perfgate-test: paused at ${p}\n`);
      await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
      process.stdin.pause();
    }
  : undefined;
process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  tty: false,
  ...(buildPoint ? { buildPoint } : {}),
});
