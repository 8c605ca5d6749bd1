/** `perfgate prune`: retention as a dry run by default, deletions only with --apply, all logged. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { appendFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { addMonths, decideRetention } from '../src/core/retention.ts';
import { buildStatement, signedStatementBytes } from '../src/core/sign/statement.ts';
import { FIXTURES, runCli } from './helpers/cli.ts';
import { archiveSeries, removeSeries } from './chain/helpers.ts';

afterAll(removeSeries);

async function cycleWithEnd(dir: string, id: string, end: string): Promise<void> {
  await cp(path.join(FIXTURES, 'valid/protocol-18'), dir, { recursive: true });
  const f = path.join(dir, 'performance-intake-report.json');
  const intake = JSON.parse(await readFile(f, 'utf8'));
  intake.cycle_id = id;
  intake.period = { start: end.replace(/-\d\dT/, '-01T'), end };
  await writeFile(f, JSON.stringify(intake, null, 2));
}

describe('perfgate prune', () => {
  let root: string;
  let args: string[];
  beforeEach(async () => {
    // Archived by `perfgate archive` (a pruned cycle leaves its manifest and intake as its tombstone).
    root = (
      await archiveSeries([
        { id: '2024-06-old', end: '2024-06-20T00:00:00Z' },
        { id: '2025-06-mid', end: '2025-06-20T00:00:00Z' },
      ])
    ).root;
    await cycleWithEnd(path.join(root, 'current'), '2026-06-current', '2026-06-20T00:00:00Z');
    args = [
      'prune',
      '--archive',
      path.join(root, 'cycles'),
      '--artifacts',
      path.join(root, 'current'),
      '--config',
      path.join(root, 'none.yaml'),
      '--as-of',
      '2026-11-24T00:00:00Z',
    ];
  });

  it('lists what falls outside retention without deleting anything', async () => {
    const r = await runCli([...args, '--json']);
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(
      r.json().decisions.map((d: { cycle_id: string; action: string }) => [d.cycle_id, d.action]),
    );
    expect(byId).toEqual({ '2024-06-old': 'delete', '2025-06-mid': 'keep', '2026-06-current': 'blocked' });
    expect(existsSync(path.join(root, 'cycles', '2024-06-old'))).toBe(true);
    expect(existsSync(path.join(root, 'cycles', 'cleanup-log.json'))).toBe(false);
    const human = await runCli(args);
    expect(human.stdout).toContain('would delete 1 of 3 cycles');
    expect(human.stdout).toContain('run `perfgate archive` first');
  });

  it('deletes with --apply, logs each deletion, and is idempotent', async () => {
    const files = (
      await readdir(path.join(root, 'cycles', '2024-06-old'), { recursive: true, withFileTypes: true })
    ).filter((e) => e.isFile()).length;
    const r = await runCli([...args, '--apply', '--json']);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(root, 'cycles', '2024-06-old'))).toBe(false);
    expect(existsSync(path.join(root, 'cycles', '2025-06-mid'))).toBe(true);
    expect(existsSync(path.join(root, 'current'))).toBe(true); // never deleted while not archived
    const log = JSON.parse(await readFile(path.join(root, 'cycles', 'cleanup-log.json'), 'utf8'));
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({
      cycle_id: '2024-06-old',
      deleted_at: '2026-11-24T00:00:00Z',
      files,
      tombstone: '.pruned/2024-06-old',
    });
    expect(log.entries[0].bytes).toBeGreaterThan(1000);
    const again = await runCli([...args, '--apply', '--json']);
    expect(again.json().deleted).toEqual([]);
    expect(
      JSON.parse(await readFile(path.join(root, 'cycles', 'cleanup-log.json'), 'utf8')).entries,
    ).toHaveLength(1);
    expect((await readdir(path.join(root, 'cycles'))).sort()).toEqual([
      '.pruned',
      '2025-06-mid',
      'cleanup-log.json',
    ]);
  });

  it('follows the configured windows', async () => {
    await writeFile(path.join(root, 'none.yaml'), 'retention:\n  archive_months: 6\n');
    const r = await runCli([...args, '--json']);
    expect(r.json().decisions.filter((d: { action: string }) => d.action === 'delete')).toHaveLength(2);
  });

  it('refuses to touch anything when the cleanup log is unreadable', async () => {
    await writeFile(path.join(root, 'cycles', 'cleanup-log.json'), '{not json');
    const r = await runCli([...args, '--apply']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cleanup-log.json');
    expect(existsSync(path.join(root, 'cycles', '2024-06-old'))).toBe(true);
  });
});

describe('perfgate prune and the archived copy of the active cycle', () => {
  let root: string;
  let args: string[];
  const current = () => path.join(root, 'current');
  const copy = () => path.join(root, 'cycles', '2026-06-current');
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-prune-copy-'));
    for (const up of ['protocol-15', 'protocol-16'])
      await cp(path.join(FIXTURES, 'valid', up), path.join(root, up), { recursive: true });
    await cycleWithEnd(current(), '2026-06-current', '2026-06-20T00:00:00Z');
    await mkdir(path.join(root, 'cycles'));
    const common = ['--archive', path.join(root, 'cycles'), '--config', path.join(FIXTURES, 'defaults.yaml')];
    const rep = await runCli([
      'report',
      '--artifacts',
      current(),
      ...common,
      '--as-of',
      '2026-06-21T00:00:00Z',
    ]);
    expect(rep.code, rep.stderr).toBeLessThan(2);
    args = [
      'prune',
      '--artifacts',
      current(),
      ...common,
      '--as-of',
      '2026-11-24T00:00:00Z',
      '--apply',
      '--json',
    ];
  });
  const decision = (r: { json: () => { decisions: { kind: string; action: string; reason: string }[] } }) =>
    r.json().decisions.find((d) => d.kind === 'active');

  it('is blocked, and nothing deleted, when the archive holds only an empty folder of its id', async () => {
    await mkdir(copy());
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(decision(r)).toMatchObject({ action: 'blocked' });
    expect(decision(r)?.reason).toMatch(/archived copy cannot replace it: .*evidence-manifest\.json/);
    expect(existsSync(path.join(current(), 'evidence-manifest.json'))).toBe(true);
    expect(existsSync(path.join(root, 'cycles', 'cleanup-log.json'))).toBe(false);
  });

  it('is blocked when the archived copy was altered, or holds another manifest', async () => {
    await cp(current(), copy(), { recursive: true });
    await appendFile(path.join(copy(), 'hypothesis-log.md'), 'x');
    let r = await runCli(args);
    expect(decision(r)).toMatchObject({ action: 'blocked' });
    expect(decision(r)?.reason).toContain('hypothesis-log.md: altered');
    await rm(copy(), { recursive: true });
    await cp(current(), copy(), { recursive: true });
    await appendFile(path.join(current(), 'evidence-manifest.json'), ' ');
    r = await runCli(args);
    expect(decision(r)?.reason).toMatch(
      /the active cycle's files differ from its own evidence-manifest\.json \(evidence-manifest\.json: differs-from-bundle\)/,
    );
    expect(existsSync(current())).toBe(true);
  });

  // Compares contents, not only manifests: what changed after archiving exists nowhere else.
  it('is blocked, naming the file, when a file was added to the active cycle after it was archived', async () => {
    await cp(current(), copy(), { recursive: true });
    await writeFile(path.join(current(), 'diagnostics', 'late-profile.txt'), 'found after archiving\n');
    const r = await runCli(args);
    expect(decision(r)).toMatchObject({ action: 'blocked' });
    expect(decision(r)?.reason).toContain('diagnostics/late-profile.txt: extra');
    expect(existsSync(path.join(current(), 'diagnostics', 'late-profile.txt'))).toBe(true);
    expect(existsSync(path.join(root, 'cycles', 'cleanup-log.json'))).toBe(false);
  });

  it('is blocked, naming the file, when a file of the active cycle was edited after it was archived', async () => {
    await cp(current(), copy(), { recursive: true });
    await appendFile(path.join(current(), 'hypothesis-log.md'), '\nA late finding.\n');
    const r = await runCli(args);
    expect(decision(r)).toMatchObject({ action: 'blocked' });
    expect(decision(r)?.reason).toContain('hypothesis-log.md: altered');
    expect(existsSync(current())).toBe(true);
  });

  it('is blocked when the archived copy holds other bytes of a file the manifests do not list (a signed statement)', async () => {
    // Two valid statements over the same outputs, by two keys: each verifies, only the bytes differ.
    const sha = async (f: string) =>
      createHash('sha256')
        .update(await readFile(path.join(current(), f)))
        .digest('hex');
    const digests = new Map<string, string>();
    for (const f of ['performance-evidence-bundle.zip', 'evidence-manifest.json', 'validation-report.json'])
      digests.set(f, await sha(f));
    const decided = {
      cycle_id: '2026-06-current',
      evaluated_at: '2026-06-21T00:00:00Z',
      exit_code: 0,
      gates: [],
    };
    const statement = () =>
      signedStatementBytes(buildStatement(digests, decided), generateKeyPairSync('ed25519').privateKey);
    await writeFile(path.join(current(), 'performance-evidence.intoto.json'), statement());
    await cp(current(), copy(), { recursive: true });
    await writeFile(path.join(copy(), 'performance-evidence.intoto.json'), statement());
    const r = await runCli(args);
    expect(decision(r)).toMatchObject({ action: 'blocked' });
    expect(decision(r)?.reason).toContain('different bytes: performance-evidence.intoto.json');
    expect(existsSync(current())).toBe(true);
  });

  it('deletes the active cycle, logged, when its archived copy verifies with the same manifest', async () => {
    await cp(current(), copy(), { recursive: true });
    const manifest = await readFile(path.join(current(), 'evidence-manifest.json'));
    const r = await runCli(args);
    expect(decision(r)).toMatchObject({ action: 'delete' });
    expect(existsSync(current())).toBe(false);
    const log = JSON.parse(await readFile(path.join(root, 'cycles', 'cleanup-log.json'), 'utf8'));
    expect(log.entries[0].evidence_manifest_sha256).toBe(createHash('sha256').update(manifest).digest('hex'));
    expect(await readdir(root)).not.toContain(expect.stringMatching(/pruning/));
  });
});

describe('retention policy', () => {
  it('counts calendar months and clamps to month ends', () => {
    expect(addMonths('2024-02-29T00:00:00Z', 24)).toBe('2026-02-28T00:00:00Z');
    expect(addMonths('2024-08-31T12:00:00Z', 6)).toBe('2025-02-28T12:00:00Z');
  });
  it('keeps a cycle until its expiry instant and deletes it from then on', () => {
    const c = [{ cycle_id: 'a', dir: 'a', kind: 'archived' as const, period_end: '2024-11-24T00:00:00Z' }];
    const policy = { active_days: 120, archive_months: 24 };
    expect(decideRetention(c, '2026-11-23T23:59:59Z', policy)[0]?.action).toBe('keep');
    expect(decideRetention(c, '2026-11-24T00:00:00Z', policy)[0]?.action).toBe('delete');
  });
});
