/**
 * Skipping is for a developer's machine only: in CI (`CI` set, as `.ci/run` does) a test that would
 * skip runs anyway and fails on what is missing, so CI never reports green over tests that did not run.
 */
export const inCi = Boolean(process.env.CI);

/** True when the browser suites may be skipped here (`PERFGATE_SKIP_BROWSER=1`, never in CI). */
export const skipBrowser = process.env.PERFGATE_SKIP_BROWSER === '1' && !inCi;

/**
 * The exhaustive sweeps (every kill point, every page kind under Lighthouse, thousands of zip
 * mutations) run under `npm run test:full` (`PERFGATE_FULL=1`); the default run samples them, the
 * same sample every time.
 */
export const fullSweep = process.env.PERFGATE_FULL === '1';

/**
 * Screenshots of the browser suites (test-output/screenshots/) are for a person to look at; they
 * are taken under `PERFGATE_SHOTS=1` and `npm run test:full`, and skipped by the default run, where
 * nobody looks at them (a full-page screenshot costs about half a second of both cores).
 */
export const takeShots = process.env.PERFGATE_SHOTS === '1' || fullSweep;
