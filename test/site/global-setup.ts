/**
 * Builds the two sites the browser suites read, once per test run (the `site` project's global
 * setup, vitest.config.ts): the site fixture archive under the base path (pages and browser tests)
 * and the demo of this repository (layout and Lighthouse tests). A build that fails is handed on as
 * it is, so that the suites report it as a failure of their own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { AS_OF, BASE, buildFixtureSite, perfgate, type BuiltSite } from './build.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'perfgate-demo-site-'));
  const out = path.join(tmp, 'dist');
  // Both at once: no test starts before they are built, and each build alone leaves a core idle.
  const [fixture, demo] = await Promise.all([
    buildFixtureSite(),
    perfgate(['build', '--base', BASE, '--out', out, '--as-of', AS_OF, '--no-fail-on-gate']),
  ]);
  project.provide('fixtureSite', fixture satisfies BuiltSite);
  project.provide('demoSite', { ...demo, out } satisfies BuiltSite);
  return async () => {
    await rm(path.dirname(fixture.out), { recursive: true, force: true });
    await rm(tmp, { recursive: true, force: true });
  };
}
