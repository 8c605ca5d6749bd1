/**
 * Prune keeps what verification needs (ARTIFACTS.md section 5): a pruned archived cycle leaves a
 * tombstone (.pruned/<id>: its manifest, its intake, a note), verify accepts a tombstone only when
 * the chain pins it and the cycle was really outside retention, any other removal is a finding
 * naming the cycle, the cleanup log excuses nothing on its own, and the build history accepts a
 * legitimately pruned archive. Retention worked by hand: a period end of 2024-03-31 plus 24 months is
 * 2026-03-31, before the prune time 2026-11-24; 2025-06-30 plus 24 months is 2027-06-30, after it.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAnchors } from '../../src/core/github/anchors.ts';
import { readHistory } from '../../src/core/history/read.ts';
import { runCli, STACK_TRACE } from '../helpers/cli.ts';
import { archiveSeries, setPeriod, sha256File, type Series, removeSeries } from './helpers.ts';

afterAll(removeSeries);

const OLD = { id: '2024-03-old', end: '2024-03-31T00:00:00Z' };
const INSIDE = { id: '2025-06-inside', end: '2025-06-30T00:00:00Z' };
const NEW = { id: '2026-09-new', end: '2026-09-30T00:00:00Z' };
const PRUNE_AT = '2026-11-24T00:00:00Z';

const prune = (s: Series, ...extra: string[]) =>
  runCli([
    'prune',
    '--archive',
    s.archive,
    '--artifacts',
    path.join(s.root, 'none'),
    '--config',
    s.config,
    '--as-of',
    PRUNE_AT,
    ...extra,
  ]);
const verify = (s: Series, ...extra: string[]) => runCli(['verify', s.archive, '--json', ...extra]);
const history = (s: Series) =>
  readHistory({
    artifactsDir: path.join(s.root, 'none'),
    archiveDir: s.archive,
    configFile: s.config,
    evaluatedAt: PRUNE_AT,
    base: '/',
  });

describe('prune keeps a tombstone of each archived cycle it removes', () => {
  it('after a legitimate prune --apply: a tombstone per pruned cycle, verify passes with the same head, the history accepts it', async () => {
    const s = await archiveSeries([OLD, INSIDE, NEW]);
    const oldManifest = await readFile(path.join(s.archive, OLD.id, 'evidence-manifest.json'));
    const oldIntake = await readFile(path.join(s.archive, OLD.id, 'performance-intake-report.json'));
    const head = await sha256File(path.join(s.archive, NEW.id, 'evidence-manifest.json'));

    const r = await prune(s, '--apply', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().deleted.map((d: { cycle_id: string }) => d.cycle_id)).toEqual([OLD.id]);
    expect(existsSync(path.join(s.archive, OLD.id))).toBe(false);
    const tomb = path.join(s.archive, '.pruned', OLD.id);
    expect((await readdir(tomb)).sort()).toEqual([
      'evidence-manifest.json',
      'performance-intake-report.json',
      'tombstone.json',
    ]);
    expect(await readFile(path.join(tomb, 'evidence-manifest.json'))).toEqual(oldManifest);
    expect(await readFile(path.join(tomb, 'performance-intake-report.json'))).toEqual(oldIntake);
    expect(JSON.parse(await readFile(path.join(tomb, 'tombstone.json'), 'utf8'))).toMatchObject({
      cycle_id: OLD.id,
      pruned_at: PRUNE_AT,
      archive_months: 24,
    });
    const log = JSON.parse(await readFile(path.join(s.archive, 'cleanup-log.json'), 'utf8'));
    expect(log.entries).toEqual([
      expect.objectContaining({
        cycle_id: OLD.id,
        kind: 'archived',
        tombstone: `.pruned/${OLD.id}`,
        deleted_at: PRUNE_AT,
      }),
    ]);

    const v = await verify(s, '--expect-sha256', head);
    expect(v.code, v.stdout).toBe(0);
    expect(v.json().cycles.map((c: { cycle_id: string; pruned: boolean }) => [c.cycle_id, c.pruned])).toEqual(
      [
        [OLD.id, true],
        [INSIDE.id, false],
        [NEW.id, false],
      ],
    );
    const human = await runCli(['verify', s.archive]);
    expect(human.stdout).toContain(
      `✔ .pruned/${OLD.id}  manifest ${v.json().cycles[0].manifest_sha256}  pruned ${PRUNE_AT} (tombstone)`,
    );

    const data = await history(s);
    expect(data.cycles.map((c) => [c.cycle_id, c.integrity.state])).toEqual([
      [NEW.id, 'verified'],
      [INSIDE.id, 'verified'],
    ]);
    expect(data.chain.map((l) => [l.cycle_id, l.slug, l.pruned])).toEqual([
      [OLD.id, null, true],
      [INSIDE.id, INSIDE.id, false],
      [NEW.id, NEW.id, false],
    ]);
    expect(data.chain_head).toBe(head);

    // Pruning again changes nothing; archiving a new cycle of the pruned id is refused.
    const again = await prune(s, '--apply', '--json');
    expect(again.json().deleted).toEqual([]);
  }, 60_000);

  it('an archived cycle that does not verify is blocked, not pruned (its evidence is kept for the investigation)', async () => {
    const s = await archiveSeries([OLD, NEW]);
    await writeFile(path.join(s.archive, OLD.id, 'hypothesis-log.md'), 'rewritten\n');
    const r = await prune(s, '--apply', '--json');
    const d = r.json().decisions.find((x: { cycle_id: string }) => x.cycle_id === OLD.id);
    expect(d).toMatchObject({ action: 'blocked' });
    expect(d.reason).toMatch(/does not verify \(hypothesis-log\.md: altered, /);
    expect(existsSync(path.join(s.archive, OLD.id))).toBe(true);
    expect(existsSync(path.join(s.archive, '.pruned'))).toBe(false);
  }, 60_000);

  it('a tombstone that cannot be written: a clear error (no stack trace), and the cycle is kept', async () => {
    const s = await archiveSeries([OLD]);
    await writeFile(path.join(s.archive, '.pruned'), 'in the way\n');
    const r = await prune(s, '--apply');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Could not keep the tombstone of ${OLD.id}`);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(path.join(s.archive, OLD.id, 'evidence-manifest.json'))).toBe(true);
  }, 60_000);

  it('prune --apply as of a time that has not come yet is refused', async () => {
    const s = await archiveSeries([OLD]);
    const r = await runCli([
      'prune',
      '--archive',
      s.archive,
      '--artifacts',
      path.join(s.root, 'none'),
      '--config',
      s.config,
      '--as-of',
      '2099-01-01T00:00:00Z',
      '--apply',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('later than now');
    expect(existsSync(path.join(s.archive, OLD.id))).toBe(true);
  }, 60_000);
});

describe('an archive whose every cycle was pruned', () => {
  it('keeps its chain head: verify, the action anchors and the next archived cycle all use the newest tombstone', async () => {
    const s = await archiveSeries([OLD]);
    const manifest = await sha256File(path.join(s.archive, OLD.id, 'evidence-manifest.json'));
    expect((await prune(s, '--apply')).code).toBe(0);
    const v = await verify(s, '--expect-sha256', manifest);
    expect(v.code, v.stdout).toBe(0);
    expect((await readAnchors(path.join(s.root, 'none'), s.archive)).chainHead?.sha256).toBe(manifest);
    await setPeriod(s.current, NEW.id, NEW.end);
    const a = await runCli([
      'archive',
      '--artifacts',
      s.current,
      '--archive',
      s.archive,
      '--config',
      s.config,
      '--as-of',
      PRUNE_AT,
      '--allow-failed',
      '--json',
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.json().previous_manifest_sha256).toBe(manifest);
    expect((await verify(s)).code).toBe(0);
    // A cycle of the pruned id is never archived again.
    await setPeriod(s.current, OLD.id, NEW.end);
    const again = await runCli([
      'archive',
      '--artifacts',
      s.current,
      '--archive',
      s.archive,
      '--config',
      s.config,
      '--as-of',
      PRUNE_AT,
      '--allow-failed',
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('a pruned cycle is never replaced');
  }, 60_000);
});

describe('verify detects every removal that prune did not make', () => {
  it('the oldest cycles deleted by hand, one of them inside retention, and a one-line cleanup log: a finding naming the cycle', async () => {
    const s = await archiveSeries([OLD, INSIDE, NEW]);
    const head = await sha256File(path.join(s.archive, NEW.id, 'evidence-manifest.json'));
    const inside = await sha256File(path.join(s.archive, INSIDE.id, 'evidence-manifest.json'));
    await rm(path.join(s.archive, OLD.id), { recursive: true });
    await rm(path.join(s.archive, INSIDE.id), { recursive: true });
    await writeFile(
      path.join(s.archive, 'cleanup-log.json'),
      JSON.stringify({
        entries: [
          { cycle_id: INSIDE.id, kind: 'archived', deleted_at: PRUNE_AT, evidence_manifest_sha256: inside },
        ],
      }),
    );
    const v = await verify(s, '--expect-sha256', head);
    expect(v.code).toBe(1);
    const problems = v.json().problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'chain', cycle: NEW.id, path: 'evidence-manifest.json' }),
        expect.objectContaining({ kind: 'pruned', cycle: `.pruned/${INSIDE.id}`, path: 'cleanup-log.json' }),
      ]),
    );
    expect(problems.find((p: { cycle: string }) => p.cycle === NEW.id).message).toMatch(
      /removed other than by `perfgate prune`/,
    );
    expect(v.json().cycles.find((c: { cycle_id: string }) => c.cycle_id === NEW.id).ok).toBe(false);
  }, 60_000);

  it('a tombstone made by hand for a cycle inside retention is a finding naming it and the policy; a longer config does not change that, a shorter one would', async () => {
    const s = await archiveSeries([OLD, INSIDE, NEW]);
    expect((await prune(s, '--apply')).code).toBe(0);
    // The forger copies what prune would keep, dates it now, and logs it.
    const dir = path.join(s.archive, '.pruned', INSIDE.id);
    await mkdir(dir);
    for (const f of ['evidence-manifest.json', 'performance-intake-report.json'])
      await cp(path.join(s.archive, INSIDE.id, f), path.join(dir, f));
    await writeFile(
      path.join(dir, 'tombstone.json'),
      JSON.stringify({
        cycle_id: INSIDE.id,
        pruned_at: PRUNE_AT,
        reason: 'old',
        archive_months: 24,
        tool: 'perfgate',
      }),
    );
    const manifest = await sha256File(path.join(dir, 'evidence-manifest.json'));
    const logFile = path.join(s.archive, 'cleanup-log.json');
    const log = JSON.parse(await readFile(logFile, 'utf8'));
    log.entries.push({
      cycle_id: INSIDE.id,
      kind: 'archived',
      deleted_at: PRUNE_AT,
      evidence_manifest_sha256: manifest,
    });
    await writeFile(logFile, JSON.stringify(log));
    await rm(path.join(s.archive, INSIDE.id), { recursive: true });

    const v = await verify(s);
    expect(v.code).toBe(1);
    expect(v.json().problems).toEqual([
      expect.objectContaining({
        kind: 'pruned',
        cycle: `.pruned/${INSIDE.id}`,
        path: 'tombstone.json',
        message: `pruned at ${PRUNE_AT}, but its period ended ${INSIDE.end} and archived cycles are kept 24 months: it was inside retention until 2027-06-30T00:00:00Z`,
      }),
    ]);
    // The history refuses it too: the next archived cycle's page would say "altered".
    const data = await history(s);
    expect(data.cycles.find((c) => c.cycle_id === NEW.id)!.integrity.problems.join('\n')).toMatch(
      new RegExp(`pruned cycle ${INSIDE.id} .*inside retention until 2027-06-30`),
    );
    // Under a config that keeps archives only 6 months, that removal was within the policy.
    await writeFile(path.join(s.root, 'six.yaml'), 'retention:\n  archive_months: 6\n');
    const six = await verify(s, '--config', path.join(s.root, 'six.yaml'));
    expect(six.code, six.stdout).toBe(0);
  }, 60_000);

  it('a tombstone dated in the future, or whose intake is not the one its manifest lists, is a finding', async () => {
    const s = await archiveSeries([OLD, NEW]);
    expect((await prune(s, '--apply')).code).toBe(0);
    const tomb = path.join(s.archive, '.pruned', OLD.id);
    const note = JSON.parse(await readFile(path.join(tomb, 'tombstone.json'), 'utf8'));
    await writeFile(
      path.join(tomb, 'tombstone.json'),
      JSON.stringify({ ...note, pruned_at: '2099-01-01T00:00:00Z' }),
    );
    let v = await verify(s);
    expect(
      v
        .json()
        .problems.map((p: { path: string; message: string }) => `${p.path}: ${p.message}`)
        .join('\n'),
    ).toMatch(/tombstone\.json: pruned_at 2099-01-01T00:00:00Z is later than now/);
    await writeFile(path.join(tomb, 'tombstone.json'), JSON.stringify(note));
    // An earlier period end would make the cycle look expired: the intake no longer matches its manifest.
    const intake = JSON.parse(await readFile(path.join(tomb, 'performance-intake-report.json'), 'utf8'));
    await writeFile(
      path.join(tomb, 'performance-intake-report.json'),
      JSON.stringify({ ...intake, period: { ...intake.period, end: '2020-01-31T00:00:00Z' } }),
    );
    v = await verify(s);
    expect(v.code).toBe(1);
    expect(v.json().problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          cycle: `.pruned/${OLD.id}`,
          path: 'performance-intake-report.json',
          message: expect.stringMatching(/not the intake the chain authenticates/),
        }),
      ]),
    );
  }, 60_000);
});
