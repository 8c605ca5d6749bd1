/** `perfgate prune`: retention as a dry run by default, deletions only with --apply, all logged. */
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addMonths, decideRetention } from '../src/core/retention.ts';
import { FIXTURES, runCli } from './helpers/cli.ts';

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
    root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-prune-'));
    await cycleWithEnd(path.join(root, 'cycles', '2024-06-old'), '2024-06-old', '2024-06-20T00:00:00Z');
    await cycleWithEnd(path.join(root, 'cycles', '2025-06-mid'), '2025-06-mid', '2025-06-20T00:00:00Z');
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
      files: 15,
    });
    expect(log.entries[0].bytes).toBeGreaterThan(1000);
    const again = await runCli([...args, '--apply', '--json']);
    expect(again.json().deleted).toEqual([]);
    expect(
      JSON.parse(await readFile(path.join(root, 'cycles', 'cleanup-log.json'), 'utf8')).entries,
    ).toHaveLength(1);
    expect((await readdir(path.join(root, 'cycles'))).sort()).toEqual(['2025-06-mid', 'cleanup-log.json']);
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
