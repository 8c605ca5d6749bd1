/**
 * Test seam for the fault tests: `PERFGATE_TEST_HOOK=<point>:kill` kills the build with SIGKILL at
 * one of the deterministic points of the publishing pipeline; `<point>:pause` prints
 * `perfgate-test: paused at <point>` on stderr and waits for a line on stdin. Unset, it does nothing.
 */
import type { PublishPhase } from '../../core/publish/index.ts';

/** The hook the environment asks for, or undefined. */
export function testHook(
  env: NodeJS.ProcessEnv = process.env,
): ((p: PublishPhase) => Promise<void>) | undefined {
  const m = /^([a-z]+):(kill|pause)$/.exec(env.PERFGATE_TEST_HOOK ?? '');
  if (!m) return undefined;
  const [, point, action] = m;
  return async (p) => {
    if (p !== point) return;
    if (action === 'kill') process.kill(process.pid, 'SIGKILL');
    process.stderr.write(`perfgate-test: paused at ${p}\n`);
    await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
    process.stdin.pause();
  };
}
