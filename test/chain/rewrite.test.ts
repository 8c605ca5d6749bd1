/**
 * A middle cycle rewritten consistently (a file and its manifest entry together, its bundle
 * dropped, so that it verifies alone): the archive listing and the site's integrity state mark the
 * REWRITTEN cycle, whose manifest is no longer what its successor pinned, not the successor.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/core/history/read.ts';
import { runCli } from '../helpers/cli.ts';
import { demoCopy } from '../publish/demo-copy.ts';

const REWRITTEN = '2026-02-search-index-sharding';
const NEXT = '2026-05-inventory-sync-backpressure';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let demo: string;
let archive: string;
afterAll(async () => {
  await rm(demo, { recursive: true, force: true });
});
beforeAll(async () => {
  demo = await demoCopy();
  archive = path.join(demo, 'content/cycles');
  const dir = path.join(archive, REWRITTEN);
  const forged = Buffer.from(
    (await readFile(path.join(dir, 'validation-report.json'), 'utf8')).replaceAll('"fail"', '"pass"') + ' ',
  );
  await writeFile(path.join(dir, 'validation-report.json'), forged);
  const manifest = JSON.parse(await readFile(path.join(dir, 'evidence-manifest.json'), 'utf8'));
  Object.assign(
    manifest.files.find((f: { path: string }) => f.path === 'validation-report.json'),
    { sha256: sha(forged), bytes: forged.length },
  );
  await writeFile(path.join(dir, 'evidence-manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  await rm(path.join(dir, 'performance-evidence-bundle.zip'));
});

describe('a consistently rewritten middle cycle', () => {
  it('verifies alone, and the archive listing marks it ✖ (not its successor), with the reason', async () => {
    expect((await runCli(['verify', path.join(archive, REWRITTEN)])).code).toBe(0);
    const human = await runCli(['verify', archive]);
    expect(human.code).toBe(1);
    const line = (dir: string) => human.stdout.split('\n').find((l) => l.includes(` ${dir}  manifest`));
    expect(line(REWRITTEN)).toMatch(/^✖ /);
    expect(line(NEXT)).toMatch(/^✔ /);
    expect(human.stdout).toMatch(
      new RegExp(
        `chain +${REWRITTEN}/evidence-manifest\\.json: .*${REWRITTEN} was rewritten after ${NEXT} pinned it`,
      ),
    );
    const json = (await runCli(['verify', archive, '--json'])).json();
    expect(json.problems.filter((p: { cycle: string }) => p.cycle === NEXT)).toEqual([]);
    expect(json.problems.find((p: { kind: string }) => p.kind === 'chain')).toMatchObject({
      cycle: REWRITTEN,
      path: 'evidence-manifest.json',
    });
  });

  it('the site marks the rewritten cycle altered and its successor verified', async () => {
    const data = await readHistory({
      artifactsDir: path.join(demo, '.artifacts/protocol-18'),
      archiveDir: archive,
      configFile: path.join(demo, 'config/protocol_gates/18.yaml'),
      evaluatedAt: '2026-11-21T00:00:00Z',
      base: '/',
    });
    const state = (id: string) => data.cycles.find((c) => c.cycle_id === id)!.integrity;
    expect(state(NEXT)).toEqual({ state: 'verified', problems: [] });
    expect(state(REWRITTEN).state).toBe('altered');
    expect(state(REWRITTEN).problems.join('\n')).toContain(
      `${REWRITTEN} was rewritten after ${NEXT} pinned it`,
    );
  }, 60_000);
});
