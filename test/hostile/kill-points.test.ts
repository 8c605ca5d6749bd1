/**
 * `report`, `archive` and `prune --apply` killed at the points that change the disk: a child
 * (kill-at.ts) runs the real CLI and SIGKILLs itself just before its N-th such operation —
 * deterministic points, no timing race. `npm run test:full` tries every point; the default run the
 * first and last of each kind of operation and a few between (pointsOf), and checks that the
 * commands still make at least as many operations as they must. After each kill no evidence is lost (the
 * active cycle's evidence is intact, an archive entry is complete or absent, a deleted cycle is
 * logged), and the next run completes the work.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_FILES } from '../../src/core/artifacts.ts';
import { verifyArchive, verifyDirectory } from '../../src/core/verify/index.ts';
import { FIXTURES, runCli } from '../helpers/cli.ts';
import { snapshot } from './cases.ts';
import { fullSweep } from '../helpers/skip.ts';
import { setPeriod } from '../chain/helpers.ts';

const NODE = process.execPath;
const CHILD = path.join(import.meta.dirname, 'kill-at.ts');
const AS_OF = '2026-11-21T00:00:00Z';
/** Node's compile cache for the children: each one loads the whole CLI, and halves its start-up with it. */
const COMPILE_CACHE = path.join(os.tmpdir(), `perfgate-kill-cache-${process.pid}`);
const temporaries: string[] = [COMPILE_CACHE];
afterAll(async () => {
  for (const d of temporaries) await rm(d, { recursive: true, force: true });
});

/**
 * Runs the CLI in a child killed before its `killAt`-th disk operation (0: never); returns the kinds
 * of the operations it counted (all of them when it ran to the end).
 */
function child(
  args: string[],
  killAt: number,
  countFile: string,
): Promise<{ signal: string | null; code: number | null; count: number; kinds: string[] }> {
  return new Promise((resolve) => {
    const p = spawn(NODE, [CHILD, ...args], {
      env: {
        ...process.env,
        PERFGATE_KILL_AT: String(killAt),
        PERFGATE_COUNT_FILE: countFile,
        NODE_COMPILE_CACHE: COMPILE_CACHE,
      },
      stdio: 'ignore',
    });
    p.on('close', async (code, signal) => {
      const text = await readFile(countFile, 'utf8').catch(() => '');
      const kinds = text === '' ? [] : text.split('\n');
      resolve({ code, signal, count: kinds.length, kinds });
    });
  });
}

/** Points sampled by the default run, besides the first and last of each kind of operation. */
const SAMPLED = 3;

/**
 * The kill points to try, of a run whose operations are `kinds` (point n is the n-th, from 1): all of
 * them under `npm run test:full`; by default the first and the last operation of each kind and a few
 * spread evenly between, the same points on every run. Checks the run has at least `floor` points.
 */
function pointsOf(kinds: readonly string[], floor: number): number[] {
  expect(
    kinds.length,
    'the probe counted too few disk operations: the counting is broken',
  ).toBeGreaterThanOrEqual(floor);
  const all = kinds.map((_, i) => i + 1);
  if (fullSweep) return all;
  const chosen = new Set<number>();
  for (const kind of new Set(kinds)) {
    chosen.add(kinds.indexOf(kind) + 1);
    chosen.add(kinds.lastIndexOf(kind) + 1);
  }
  for (let i = 1; i <= SAMPLED; i++) chosen.add(Math.round((i * kinds.length) / (SAMPLED + 1)));
  return [...chosen].filter((n) => n >= 1 && n <= kinds.length).sort((a, b) => a - b);
}

/**
 * Runs `each(n)` for every point of `points`, two at a time (each in its own copy of the scenario),
 * and checks that each run was killed where asked: returns how many were.
 */
async function everyPoint(points: readonly number[], each: (n: number) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < points.length) {
      await each(points[next++]!);
      done++;
    }
  };
  await Promise.all([worker(), worker()]);
  return done;
}

/** A fresh copy of a prepared tree (prepared once per test: the preparation costs a whole run). */
async function copyOf(template: string, name: string): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), `perfgate-kill-${name}-`));
  temporaries.push(root);
  await cp(template, root, { recursive: true });
  return root;
}

async function scenario(name: string): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), `perfgate-kill-${name}-`));
  temporaries.push(root);
  await cp(path.join(FIXTURES, 'gates/pass'), root, { recursive: true });
  return root;
}

const generated = new Set<string>(GENERATED_FILES);
/** The active cycle's evidence (everything but perfgate's outputs and its dot-folder). */
const evidenceOf = (dir: string) => snapshot(dir, (rel) => generated.has(rel) || rel.startsWith('.perfgate'));
const archiveArgs = (root: string) => [
  'archive',
  '--artifacts',
  path.join(root, 'protocol-18'),
  '--archive',
  path.join(root, 'cycles'),
  '--config',
  path.join(FIXTURES, 'defaults.yaml'),
  '--as-of',
  AS_OF,
];

describe('killed at every disk operation', () => {
  it('report: the evidence intact, every output old or new (never torn); the next run cleans up and succeeds', async () => {
    const template = await scenario('report-template');
    expect((await runCli(['report', ...archiveArgs(template).slice(1)])).code).toBe(0);
    await writeFile(
      path.join(template, 'protocol-18', 'diagnostics-late.txt'),
      'added after the first report\n',
    );
    const setup = (name: string) => copyOf(template, name);
    const reportArgs = (root: string) => ['report', ...archiveArgs(root).slice(1)];
    const outputsOf = (dir: string) => snapshot(dir, (rel) => !generated.has(rel));
    const probe = await setup('report-count');
    const old = await outputsOf(path.join(probe, 'protocol-18'));
    const { kinds, code } = await child(reportArgs(probe), 0, path.join(probe, 'count'));
    expect(code).toBe(0);
    const fresh = await outputsOf(path.join(probe, 'protocol-18'));
    const evidence = await evidenceOf(path.join(probe, 'protocol-18'));
    // Six outputs, each opened, synced and renamed into place at the least.
    const points = pointsOf(kinds, 18);
    const killed = await everyPoint(points, async (n) => {
      const root = await setup(`report-${n}`);
      const dir = path.join(root, 'protocol-18');
      const run = await child(reportArgs(root), n, path.join(root, 'count'));
      expect(run.signal, `point ${n}`).toBe('SIGKILL');
      expect(await evidenceOf(dir), `point ${n}`).toEqual(evidence);
      // Every output is the old one or the new one, never torn; all old or all new unless the run
      // was killed between the renames of its commit (emit/writer.ts), which the next run completes.
      const now = await outputsOf(dir);
      for (const [file, digest] of Object.entries(now))
        expect([old[file], fresh[file]], `point ${n}: ${file}`).toContain(digest);
      const changed = Object.keys(now).filter((f) => old[f] !== fresh[f]);
      const mixed = changed.some((f) => now[f] === old[f]) && changed.some((f) => now[f] === fresh[f]);
      if (mixed) expect(run.kinds.at(-1), `point ${n}: outputs mixed outside the commit`).toBe('rename');
      const again = await runCli(reportArgs(root));
      expect(again.code, `point ${n}: ${again.stderr}`).toBe(0);
      expect(await outputsOf(dir), `point ${n}`).toEqual(fresh);
      expect(existsSync(path.join(dir, '.perfgate')), `point ${n}: debris left`).toBe(false);
      expect((await verifyDirectory(dir)).problems, `point ${n}`).toEqual([]);
      await rm(root, { recursive: true, force: true });
    });
    expect(killed).toBe(points.length);
    console.log(`kill points: report killed at ${killed} of its ${kinds.length} disk operations`);
  }, 600_000);

  it('archive: the active evidence intact, the archive entry complete or absent; the next run archives', async () => {
    const probe = await scenario('archive-count');
    const { kinds, code } = await child(archiveArgs(probe), 0, path.join(probe, 'count'));
    expect(code).toBe(0);
    const points = pointsOf(kinds, 20);
    const evidence = await evidenceOf(path.join(probe, 'protocol-18'));
    const id = 'gates-pass-2026-11';
    const killed = await everyPoint(points, async (n) => {
      const root = await scenario(`archive-${n}`);
      const run = await child(archiveArgs(root), n, path.join(root, 'count'));
      expect(run.signal, `point ${n}`).toBe('SIGKILL');
      expect(await evidenceOf(path.join(root, 'protocol-18')), `point ${n}`).toEqual(evidence);
      const target = path.join(root, 'cycles', id);
      if (existsSync(target)) expect((await verifyDirectory(target)).problems, `point ${n}`).toEqual([]);
      const again = await runCli(archiveArgs(root));
      expect(again.code === 0 || again.stderr.includes('already exists'), `point ${n}: ${again.stderr}`).toBe(
        true,
      );
      expect((await verifyArchive(path.join(root, 'cycles'))).problems, `point ${n}`).toEqual([]);
      expect((await readdir(path.join(root, 'cycles'))).sort(), `point ${n}`).toEqual([id]);
      expect(await evidenceOf(path.join(root, 'protocol-18')), `point ${n}`).toEqual(evidence);
      await rm(root, { recursive: true, force: true });
    });
    expect(killed).toBe(points.length);
    console.log(`kill points: archive killed at ${killed} of its ${kinds.length} disk operations`);
  }, 600_000);

  it('prune --apply: every cycle is present and verifies, or is logged as deleted; the next run finishes', async () => {
    // Two expired archived cycles (each leaves a tombstone), and an expired active cycle whose
    // verified copy is in the archive (the second one). Their periods ended long ago, so that the
    // prune runs as of a time that has passed.
    const template = await scenario('prune-template');
    await setPeriod(path.join(template, 'protocol-18'), 'kill-a', '2024-01-31T00:00:00Z');
    expect((await runCli([...archiveArgs(template), '--allow-failed'])).code).toBe(0);
    await setPeriod(path.join(template, 'protocol-18'), 'kill-b', '2024-02-29T00:00:00Z');
    expect((await runCli([...archiveArgs(template), '--allow-failed'])).code).toBe(0);
    const setup = (name: string) => copyOf(template, name);
    const pruneArgs = (root: string) => [
      'prune',
      '--artifacts',
      path.join(root, 'protocol-18'),
      '--archive',
      path.join(root, 'cycles'),
      '--config',
      path.join(FIXTURES, 'defaults.yaml'),
      '--as-of',
      '2026-11-24T00:00:00Z',
      '--apply',
    ];
    const cyclesOf = (root: string) => [
      path.join(root, 'protocol-18'),
      path.join(root, 'cycles', 'kill-a'),
      path.join(root, 'cycles', 'kill-b'),
    ];
    const probe = await setup('prune-count');
    const { kinds, code } = await child(pruneArgs(probe), 0, path.join(probe, 'count'));
    expect(code).toBe(0);
    expect(existsSync(path.join(probe, 'protocol-18'))).toBe(false);
    const log = JSON.parse(await readFile(path.join(probe, 'cycles', 'cleanup-log.json'), 'utf8'));
    expect(log.entries).toHaveLength(3);
    // Three deletions, each logged (write, sync, rename), moved aside and removed, and tombstones.
    const points = pointsOf(kinds, 15);
    const killed = await everyPoint(points, async (n) => {
      const root = await setup(`prune-${n}`);
      const run = await child(pruneArgs(root), n, path.join(root, 'count'));
      expect(run.signal, `point ${n}`).toBe('SIGKILL');
      const logFile = path.join(root, 'cycles', 'cleanup-log.json');
      const entries: { dir: string }[] = existsSync(logFile)
        ? JSON.parse(await readFile(logFile, 'utf8')).entries
        : [];
      const logged = new Set(entries.map((e) => path.resolve(e.dir)));
      for (const dir of cyclesOf(root))
        if (existsSync(dir)) expect((await verifyDirectory(dir)).problems, `point ${n}: ${dir}`).toEqual([]);
        else expect(logged.has(path.resolve(dir)), `point ${n}: ${dir} gone without a log entry`).toBe(true);
      const again = await runCli(pruneArgs(root));
      expect(again.code, `point ${n}: ${again.stderr}`).toBe(0);
      const after: { dir: string }[] = JSON.parse(await readFile(logFile, 'utf8')).entries;
      // Each deletion logged once; the active cycle may stay (blocked) when its archived copy was
      // deleted by retention before the kill: the next run never deletes it without a verified copy.
      expect(new Set(after.map((e) => e.dir)).size, `point ${n}: a deletion logged twice`).toBe(after.length);
      for (const dir of cyclesOf(root))
        if (existsSync(dir)) expect((await verifyDirectory(dir)).problems, `point ${n}: ${dir}`).toEqual([]);
        else
          expect(
            after.some((e) => path.resolve(e.dir) === path.resolve(dir)),
            `point ${n}: ${dir}`,
          ).toBe(true);
      expect(
        (await readdir(root)).filter((x) => x.includes('pruning')),
        `point ${n}`,
      ).toEqual([]);
      expect(
        (await readdir(path.join(root, 'cycles'))).filter((x) => x.startsWith('.') && x !== '.pruned'),
        `point ${n}`,
      ).toEqual([]);
      // Each archived cycle that left kept its tombstone, and nothing else is left in .pruned/.
      expect((await readdir(path.join(root, 'cycles', '.pruned'))).sort(), `point ${n}`).toEqual(
        ['kill-a', 'kill-b'].filter((id) => !existsSync(path.join(root, 'cycles', id))),
      );
      expect((await verifyArchive(path.join(root, 'cycles'))).problems, `point ${n}`).toEqual([]);
      await rm(root, { recursive: true, force: true });
    });
    expect(killed).toBe(points.length);
    console.log(`kill points: prune --apply killed at ${killed} of its ${kinds.length} disk operations`);
  }, 600_000);
});
