import { defineConfig } from 'vitest/config';
import { HeavyFirstSequencer } from './test/helpers/heavy-first.ts';

/** The suites that read the sites the `site` project's global setup builds once per run. */
const SITE_SUITES = [
  'test/site/pages.test.ts',
  'test/site/browser.test.ts',
  'test/site/layout.test.ts',
  'test/site/lighthouse.test.ts',
  'test/site/flame-touch.test.ts',
];

/** Removes what the run's builds shared (test/helpers/run-setup.ts). */
const RUN_SETUP = 'test/helpers/run-setup.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker (cores - 1); most suites wait on child
    // processes (the CLI, Astro, Chromium), so two workers keep both cores busy. Three were measured
    // on 2026-12-07 in the same fresh clone: 424 s against 432 s, with more CPU (711 s against 689 s)
    // and the heaviest files slower under contention: not worth the risk to the 60 s test limit.
    maxWorkers: 2,
    // The longest files first, also in a fresh clone with no durations of a previous run.
    sequence: { sequencer: HeavyFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: SITE_SUITES,
          globalSetup: [RUN_SETUP],
          // The files run one after another in shared worker processes, each with its own tests but
          // the modules already loaded (ajv's compiled schemas, unified, the CLI): measured on
          // 2026-12-07, the project took 587 s of CPU and 333 s alone instead of 637 s and 356 s.
          // What a file changes of the process (environment, working folder, exit code, listeners)
          // is put back, or named, when it ends (test/helpers/file-state.ts).
          isolate: false,
          setupFiles: ['test/helpers/file-state.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'site', include: SITE_SUITES, globalSetup: [RUN_SETUP, 'test/site/global-setup.ts'] },
      },
    ],
  },
});
