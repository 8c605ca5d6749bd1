/**
 * Imports never write through a link (ARTIFACTS.md section 5: perfgate never follows links): a
 * linked `loadtests/`, `diagnostics/`, results file or target, or a file where perfgate needs a
 * folder, is refused with exit 1 naming the place, and nothing is written inside or outside the cycle.
 */
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../hostile/cases.ts';
import { copyFixture, FIXTURES, runCli, STACK_TRACE } from '../helpers/cli.ts';

const JTL = path.join(FIXTURES, 'import/load-test/jmeter/HTMLReportTestFile.csv');
const SPEEDSCOPE = path.join(FIXTURES, 'import/profile/speedscope/simple.speedscope.json');
const LOAD = ['--service', 'checkout-api', '--scenario', 'peak', '--kind', 'load', '--phase', 'after'];

let root: string;
let cycle: string;
let outside: string;

beforeEach(async () => {
  root = await copyFixture('valid');
  cycle = path.join(root, 'protocol-18');
  outside = await mkdtemp(path.join(os.tmpdir(), 'perfgate-outside-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

/** Runs a command that must be refused: exit 1, the place and the hint, no stack, nothing written. */
async function refused(args: string[], where: string, problem: RegExp, hint: RegExp): Promise<void> {
  const before = await snapshot(root);
  const outsideBefore = await snapshot(outside);
  const r = await runCli(args);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain(`perfgate: ${where}: `);
  expect(r.stderr).toMatch(problem);
  expect(r.stderr).toMatch(hint);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toContain('internal error');
  expect(await snapshot(root)).toEqual(before);
  expect(await snapshot(outside)).toEqual(outsideBefore);
}

const LINK = /Unexpected symbolic link: perfgate never writes through a link/;

describe('import load-test and links', () => {
  const importJtl = (...extra: string[]) => [
    'import',
    'load-test',
    JTL,
    ...LOAD,
    '--id',
    'jtl-after',
    '--artifacts',
    cycle,
    ...extra,
  ];

  it('refuses a loadtests folder that is a link out of the cycle', async () => {
    await symlink(outside, path.join(cycle, 'loadtests'));
    await refused(
      importJtl(),
      path.join(cycle, 'loadtests'),
      LINK,
      /hint: Replace the link with a real folder inside the cycle directory/,
    );
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses a linked load-test-results.json (never read nor replaced through the link)', async () => {
    const target = path.join(outside, 'load-test-results.json');
    await writeFile(target, '{}\n');
    await rm(path.join(cycle, 'load-test-results.json'));
    await symlink(target, path.join(cycle, 'load-test-results.json'));
    await refused(
      importJtl('--environment', 'staging'),
      path.join(cycle, 'load-test-results.json'),
      LINK,
      /hint: Replace the link with a real file/,
    );
  });

  it('refuses a raw copy target that is a link, even with --replace', async () => {
    await mkdir(path.join(cycle, 'loadtests'));
    await symlink(path.join(outside, 'x.jtl'), path.join(cycle, 'loadtests/jtl-after.jtl'));
    await refused(importJtl('--replace'), path.join(cycle, 'loadtests/jtl-after.jtl'), LINK, /hint: /);
  });

  it('refuses a file where the loadtests folder goes', async () => {
    await writeFile(path.join(cycle, 'loadtests'), 'not a folder\n');
    await refused(
      importJtl(),
      path.join(cycle, 'loadtests'),
      /Unexpected file, expected a folder: perfgate writes loadtests\/jtl-after\.jtl there/,
      /hint: Move .*loadtests out of the cycle directory, or rename it/,
    );
  });
});

describe('import profile and links (the same helper)', () => {
  const importSpeedscope = (...extra: string[]) => [
    'import',
    'profile',
    SPEEDSCOPE,
    '--service',
    'search',
    '--artifacts',
    cycle,
    ...extra,
  ];

  it('refuses a linked flame-graph target inside a real diagnostics folder', async () => {
    await symlink(path.join(outside, 'x.svg'), path.join(cycle, 'diagnostics/search-baseline-flame.svg'));
    await refused(
      importSpeedscope(),
      path.join(cycle, 'diagnostics/search-baseline-flame.svg'),
      LINK,
      /hint: Replace the link with a real file/,
    );
  });

  it('refuses a file where the diagnostics folder goes', async () => {
    await rm(path.join(cycle, 'diagnostics'), { recursive: true });
    await writeFile(path.join(cycle, 'diagnostics'), 'not a folder\n');
    await refused(
      importSpeedscope(),
      path.join(cycle, 'diagnostics'),
      /Unexpected file, expected a folder/,
      /hint: Move /,
    );
  });
});
