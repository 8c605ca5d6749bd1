/** `perfgate archive`: freeze, chain, refuse duplicates and failed cycles, never half-write. */
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { previousManifest } from '../src/core/emit/previous.ts';
import { FIXTURES, runCli, STACK_TRACE } from './helpers/cli.ts';

const AS_OF = ['--as-of', '2026-11-21T00:00:00Z'];
let root: string;
let args: (dir: string) => string[];

async function setIntake(dir: string, id: string): Promise<void> {
  const f = path.join(dir, 'performance-intake-report.json');
  const intake = JSON.parse(await readFile(f, 'utf8'));
  intake.cycle_id = id;
  await writeFile(f, JSON.stringify(intake, null, 2) + '\n');
}

describe('perfgate archive', () => {
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-archive-'));
    await cp(path.join(FIXTURES, 'gates/pass'), root, { recursive: true });
    args = (dir) => [
      'archive',
      '--artifacts',
      path.join(root, dir),
      '--archive',
      path.join(root, 'cycles'),
      '--config',
      path.join(FIXTURES, 'defaults.yaml'),
      ...AS_OF,
    ];
  });

  it('freezes the cycle with its generated files, verifiable, and refuses to archive it twice', async () => {
    const r = await runCli([...args('protocol-18'), '--json']);
    expect(r.code).toBe(0);
    const out = r.json();
    const frozen = path.join(root, 'cycles', out.cycle_id);
    const names = await readdir(frozen);
    for (const f of [
      'validation-report.json',
      'PERFORMANCE-REPORT.md',
      'evidence-manifest.json',
      'performance-report-manifest.json',
      'performance-evidence-bundle.zip',
    ])
      expect(names).toContain(f);
    expect(out.evidence_manifest_sha256).toBe(
      createHash('sha256')
        .update(await readFile(path.join(frozen, 'evidence-manifest.json')))
        .digest('hex'),
    );
    expect((await runCli(['verify', frozen])).code).toBe(0);
    expect((await runCli(['verify', path.join(frozen, 'performance-evidence-bundle.zip')])).code).toBe(0);

    const again = await runCli(args('protocol-18'));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(again.stderr).not.toMatch(STACK_TRACE);
  });

  it('links each archived cycle to the previous manifest (a tamper-evident chain)', async () => {
    const first = (await runCli([...args('protocol-18'), '--json'])).json();
    await setIntake(path.join(root, 'protocol-18'), 'gates-pass-2026-12');
    const intakeFile = path.join(root, 'protocol-18', 'performance-intake-report.json');
    const intake = JSON.parse(await readFile(intakeFile, 'utf8'));
    intake.period.end = '2026-12-20T00:00:00Z';
    await writeFile(intakeFile, JSON.stringify(intake, null, 2));
    const second = (
      await runCli([...args('protocol-18'), '--json', '--as-of', '2026-12-21T00:00:00Z'])
    ).json();
    expect(second.previous_manifest_sha256).toBe(first.evidence_manifest_sha256);
    const manifest = JSON.parse(
      await readFile(path.join(root, 'cycles', 'gates-pass-2026-12', 'evidence-manifest.json'), 'utf8'),
    );
    expect(manifest.previous_manifest_sha256).toBe(first.evidence_manifest_sha256);
    // Re-reporting the older cycle never links it to the newer one.
    const older = await previousManifest(path.join(root, 'cycles'), first.cycle_id, '2026-11-20T00:00:00Z');
    expect(older.sha256).toBeNull();
    const newer = await previousManifest(
      path.join(root, 'cycles'),
      'gates-pass-2026-12',
      '2026-12-20T00:00:00Z',
    );
    expect(newer.sha256).toBe(first.evidence_manifest_sha256);
  });

  it('refuses a failed cycle unless --allow-failed, leaving no archive entry behind', async () => {
    const dir = path.join(root, 'regression');
    await cp(path.join(FIXTURES, 'gates/regression/protocol-18'), dir, { recursive: true });
    const refused = await runCli(args('regression'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--allow-failed');
    expect(existsSync(path.join(root, 'cycles'))).toBe(false);
    const allowed = await runCli([...args('regression'), '--allow-failed', '--json']);
    expect(allowed.code).toBe(0);
    expect(allowed.json().gates.find((g: { gate: number }) => g.gate === 3).status).toBe('fail');
    expect((await readdir(path.join(root, 'cycles'))).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses to chain onto an altered archive unless --allow-altered, naming the cycle and the file', async () => {
    const first = (await runCli([...args('protocol-18'), '--json'])).json();
    const frozen = path.join(root, 'cycles', first.cycle_id);
    // A consistent rewrite of the frozen decision: the file and its manifest entry change together.
    const vr = path.join(frozen, 'validation-report.json');
    const text = (await readFile(vr, 'utf8')).replace('"exit_code": 0', '"exit_code": 0 ');
    await writeFile(vr, text);
    const mf = path.join(frozen, 'evidence-manifest.json');
    const manifest = JSON.parse(await readFile(mf, 'utf8'));
    const entry = manifest.files.find((f: { path: string }) => f.path === 'validation-report.json');
    entry.sha256 = createHash('sha256').update(text).digest('hex');
    entry.bytes = Buffer.byteLength(text);
    await writeFile(mf, JSON.stringify(manifest, null, 2) + '\n');

    await setIntake(path.join(root, 'protocol-18'), 'gates-pass-2026-12');
    const refused = await runCli(args('protocol-18'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${first.cycle_id}: `);
    expect(refused.stderr).toContain('differs-from-bundle');
    expect(refused.stderr).toContain('--allow-altered');
    expect(refused.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(path.join(root, 'cycles', 'gates-pass-2026-12'))).toBe(false);

    const allowed = await runCli([...args('protocol-18'), '--allow-altered', '--json']);
    expect(allowed.code).toBe(0);
    expect(allowed.json().notes.join('\n')).toContain(`${first.cycle_id}: `);
  });

  it('refuses a cycle that ended before an archived one (it would break the chain in the middle)', async () => {
    const intakeFile = path.join(root, 'protocol-18', 'performance-intake-report.json');
    const intake = JSON.parse(await readFile(intakeFile, 'utf8'));
    const end = intake.period.end;
    intake.period.end = '2026-12-20T00:00:00Z';
    intake.cycle_id = 'gates-pass-2026-12';
    await writeFile(intakeFile, JSON.stringify(intake, null, 2));
    expect((await runCli([...args('protocol-18'), '--as-of', '2026-12-21T00:00:00Z'])).code).toBe(0);
    intake.period.end = end;
    intake.cycle_id = 'gates-pass-2026-11-late';
    await writeFile(intakeFile, JSON.stringify(intake, null, 2));
    const late = await runCli(args('protocol-18'));
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('ends before that of the archived cycle gates-pass-2026-12');
    expect(await readdir(path.join(root, 'cycles'))).toEqual(['gates-pass-2026-12']);
  });
});
