/**
 * Faults in the middle of `perfgate report` and `perfgate build`: a process killed while it
 * writes, a full disk (a tiny tmpfs when this machine may mount one, and a file size limit, which
 * needs no privileges), and an evidence file removed while it is read. Each leaves the previous
 * outputs — the five report files, the previous site — byte-identical, never alters the evidence,
 * and leaves no temporary file that the next run does not clean; the next run succeeds.
 */
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_FILES } from '../../src/core/artifacts.ts';
import { prepareReport } from '../../src/cli/commands/report.ts';
import { emitCycle } from '../../src/core/emit/emit-cycle.ts';
import { EmitError } from '../../src/core/evidence/errors.ts';
import { FsWriter } from '../../src/core/emit/fs-writer.ts';
import { copyFixture, FIXTURES, runCli, STACK_TRACE } from '../helpers/cli.ts';
import { snapshot } from './cases.ts';
import { AS_OF, reportArgs } from '../emit/helpers.ts';
import { inCi } from '../helpers/skip.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/perfgate.mjs');
const BUILD_AT = path.join(import.meta.dirname, 'build-at.ts');
const MiB = 1024 * 1024;

const temporaries: string[] = [];
afterAll(async () => {
  for (const dir of temporaries) await rm(dir, { recursive: true, force: true });
});

interface Cycle {
  root: string;
  dir: string;
  config: string;
  archive: string;
}

/** The valid fixture with a formula-bearing CSV cell and some incompressible evidence (slow to bundle). */
async function cycleWithEvidence(megabytes: number, root?: string): Promise<Cycle> {
  const base = root ?? (await copyFixture('valid'));
  if (root) await cp(path.join(FIXTURES, 'valid'), base, { recursive: true });
  temporaries.push(base);
  const dir = path.join(base, 'protocol-18');
  for (let i = 0; i < Math.ceil(megabytes / 16); i++)
    await writeFile(
      path.join(dir, 'diagnostics', `heap-${i}.bin`),
      randomBytes(Math.min(16, megabytes - 16 * i) * MiB),
    );
  await cp(
    path.join(FIXTURES, 'hostile/csv-formula-hyperlink/protocol-18/baseline-metrics.csv'),
    path.join(dir, 'baseline-metrics.csv'),
  );
  return {
    root: base,
    dir,
    config: path.join(FIXTURES, 'defaults.yaml'),
    archive: path.join(base, 'archive'),
  };
}

const buildArgs = (c: Cycle, out: string) => [
  'build',
  '--artifacts',
  c.dir,
  '--config',
  c.config,
  '--archive',
  c.archive,
  '--out',
  out,
  '--as-of',
  AS_OF,
];

/** The five generated files, by content. */
const outputsOf = (c: Cycle) =>
  snapshot(c.dir, (rel) => !(GENERATED_FILES as readonly string[]).includes(rel));
/** Everything else in the cycle: the evidence, which no run may alter. */
const evidenceOf = (c: Cycle) =>
  snapshot(
    c.root,
    (rel) =>
      (GENERATED_FILES as readonly string[]).includes(path.relative('protocol-18', rel)) ||
      /^(dist|archive)\b/.test(rel) ||
      /\.tmp-\d+$/.test(rel),
  );
/** perfgate's temporary outputs, staged in the cycle's `.perfgate/` folder (and none beside the outputs). */
const tempFiles = async (dir: string) =>
  [
    ...(await readdir(dir)),
    ...(await readdir(path.join(dir, '.perfgate')).catch(() => [] as string[])),
  ].filter((n) => /\.tmp-\d+$/.test(n));

interface Child {
  pid: number;
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  kill: () => void;
  /** Resolves once the child has printed `text` on stderr. */
  printed: (text: string) => Promise<void>;
  /** Writes a line to the child's stdin (resumes a build paused by the test hook). */
  resume: () => void;
}

/** Starts the real CLI as a child process (optionally under a file size limit in 512-byte blocks). */
function start(args: string[], limitBlocks?: number, env: Record<string, string> = {}): Child {
  const cmd = limitBlocks === undefined ? process.execPath : 'sh';
  // A build told to pause runs under the harness that can (build-at.ts); the command line cannot.
  const bin = env.PERFGATE_BUILD_AT ? BUILD_AT : BIN;
  const argv =
    limitBlocks === undefined
      ? [bin, ...args]
      : ['-c', `ulimit -f ${limitBlocks} && exec "$0" "$@"`, process.execPath, bin, ...args];
  const child = spawn(cmd, argv, { env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  return {
    printed: (text) =>
      new Promise((resolve) => {
        const check = () => {
          if (!stderr.includes(text)) return;
          child.stderr.off('data', check);
          resolve();
        };
        child.stderr.on('data', check);
        check();
      }),
    resume: () => void child.stdin.write('\n'),
    pid: child.pid!,
    done: new Promise((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
    ),
    kill: () => void child.kill('SIGKILL'),
  };
}

function expectClean(r: { stdout: string; stderr: string }): void {
  expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stdout + r.stderr).not.toContain('internal error');
}

describe('perfgate report under faults', () => {
  // Killing `report` (and `archive`, `prune --apply`) at every disk operation: kill-points.test.ts.

  it('over a file size limit (EFBIG): exit 2 naming the file, the previous outputs and evidence intact, no temporary file', async () => {
    const c = await cycleWithEvidence(4);
    expect((await runCli(reportArgs(c))).code).toBe(0);
    const before = await outputsOf(c);
    await writeFile(path.join(c.dir, 'diagnostics', 'late.txt'), 'added after the first report\n');
    const evidence = await evidenceOf(c);
    const r = await start(reportArgs(c), 2048).done; // 1 MiB (or 2 MiB where a block is 1 KiB): the bundle is 4
    expectClean(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Could not write performance-evidence-bundle\.zip .*EFBIG/);
    expect(r.stderr).toMatch(/hint: \S/);
    expect(await outputsOf(c)).toEqual(before);
    expect(await evidenceOf(c)).toEqual(evidence);
    expect(await tempFiles(c.dir)).toEqual([]);
    expect((await runCli(reportArgs(c))).code).toBe(0);
  });

  it('on a full disk (ENOSPC, a 12 MiB tmpfs): the same, and the next run succeeds once there is room', async (ctx) => {
    const mnt = await mkdtemp(path.join(os.tmpdir(), 'perfgate-tmpfs-'));
    temporaries.push(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch {
      // No privilege to mount here: the EFBIG case above covers the write failure. CI runs as root.
      if (inCi) throw new Error('could not mount a tmpfs for the ENOSPC case; CI must run it');
      ctx.skip();
      return;
    }
    try {
      const c = await cycleWithEvidence(3, path.join(mnt, 'repo'));
      expect((await runCli(reportArgs(c))).code).toBe(0); // 3 MiB evidence + a 3 MiB bundle
      const before = await outputsOf(c);
      const extra = path.join(c.dir, 'diagnostics', 'extra.bin');
      await writeFile(extra, randomBytes(3 * MiB)); // 9 MiB used: a 6 MiB bundle cannot fit
      const evidence = await evidenceOf(c);
      const r = await runCli(reportArgs(c));
      expectClean(r);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Could not write performance-evidence-bundle\.zip .*ENOSPC/);
      expect(await outputsOf(c)).toEqual(before);
      expect(await evidenceOf(c)).toEqual(evidence);
      expect(await tempFiles(c.dir)).toEqual([]);
      await unlink(extra);
      expect((await runCli(reportArgs(c))).code).toBe(0);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });

  it('an evidence file removed between the manifest pass and the bundle: named, nothing replaced', async () => {
    const c = await cycleWithEvidence(1);
    expect((await runCli(reportArgs(c))).code).toBe(0);
    const before = await outputsOf(c);
    const prepared = await prepareReport({
      artifacts: c.dir,
      config: c.config,
      archive: c.archive,
      asOf: AS_OF,
    });
    const err = await emitCycle(prepared.emit!, new FsWriter(c.dir), {
      afterManifest: () => unlink(path.join(c.dir, 'diagnostics', 'heap-0.bin')),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EmitError);
    expect((err as EmitError).message).toBe('Could not read evidence file diagnostics/heap-0.bin (ENOENT)');
    expect((err as EmitError).hint).toMatch(/^The file disappeared while perfgate was running; /);
    expect(await outputsOf(c)).toEqual(before);
    expect(await tempFiles(c.dir)).toEqual([]);
    const again = await runCli(reportArgs(c)); // the cycle without the file is a new, consistent state
    expect(again.code, again.stderr).toBe(0);
    expect((await runCli(['verify', c.dir])).code).toBe(0);
  });
});

describe('perfgate build under faults', () => {
  let c: Cycle;
  let out: string;
  let site: Record<string, string>;

  /** Siblings of --out a build leaves while it runs (it writes nowhere else). */
  const leftovers = async () =>
    (await readdir(path.dirname(out))).filter(
      (n) => n.startsWith('dist.perfgate-') && n !== 'dist.perfgate-cache',
    );

  beforeAll(async () => {
    c = await cycleWithEvidence(8);
    out = path.join(c.root, 'dist');
    const first = await start(buildArgs(c, out)).done;
    expect(first.code, first.stderr).toBe(0);
    site = await snapshot(out);
  }, 120_000);

  // Kills at each point of the build: faults-build.test.ts (deterministic hooks, no polling race).

  it('over a file size limit (EFBIG): exit 2 with a hint, not "a bug in perfgate"; the site stays', async () => {
    const r = await start(buildArgs(c, out), 16).done; // 8 KiB: the renderer's and the pages' files are larger
    expectClean(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Could not write the site \(EFBIG.*unchanged/);
    expect(r.stderr).toMatch(/hint: \S/);
    expect(await snapshot(out)).toEqual(site);
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it('an evidence file removed while the site is built: exit 2 naming it, the site stays, the next build succeeds', async () => {
    const gone = path.join(c.dir, 'diagnostics', 'heap-0.bin');
    // Paused by the harness (build-at.ts) once the history (and its evidence list) has been read, before any copy.
    const child = start(buildArgs(c, out), undefined, { PERFGATE_BUILD_AT: 'history:pause' });
    await child.printed('perfgate-test: paused at history');
    await unlink(gone);
    child.resume();
    const r = await child.done;
    expectClean(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /Could not copy evidence \S*heap-0\.bin into the site \(it disappeared while the site was built\)/,
    );
    expect(await snapshot(out)).toEqual(site);
    expect(await leftovers()).toEqual([]);

    const evidence = await evidenceOf(c);
    const again = await start(buildArgs(c, out)).done;
    expect(again.code, again.stderr).toBe(0);
    expect(await evidenceOf(c)).toEqual(evidence);
    // perfgate writes no CSV of its own: the only CSV in the site is the byte-identical evidence copy,
    // formula cell included (escaping it would alter the evidence).
    const csv = Object.keys(await snapshot(out)).filter((f) => /\.(csv|tsv)$/i.test(f));
    expect(csv).toEqual([expect.stringMatching(/files\/baseline-metrics\.csv$/)]);
    expect((await snapshot(out))[csv[0]!]).toBe(evidence['protocol-18/baseline-metrics.csv']);
  }, 120_000);
});

describe('evidence is never altered', () => {
  it('by report and verify (the build cases above check it too): every input and attachment hashes the same', async () => {
    const c = await cycleWithEvidence(1);
    const before = await evidenceOf(c);
    const listed = new Set(Object.keys(await snapshot(c.dir)));
    expect((await runCli(reportArgs(c))).code).toBe(0);
    expect((await runCli(['verify', c.dir])).code).toBe(0);
    expect((await runCli(['verify', path.join(c.dir, 'performance-evidence-bundle.zip')])).code).toBe(0);
    expect(await evidenceOf(c)).toEqual(before);
    // The five outputs are the only new files (none of them a CSV).
    const added = Object.keys(await snapshot(c.dir)).filter((f) => !listed.has(f));
    expect(added.sort()).toEqual([...GENERATED_FILES].sort());
  });
});
