/**
 * `perfgate verify --recompute` (ARTIFACTS.md section 4, "Re-deciding") on a copy of the demo: the
 * current cycle after `report` (directory and bundle) and the archive after `archive` re-decide the
 * same; a frozen criterion status edited by an insider who also fixed the manifest, the bundle and
 * the next chain link (so that plain `verify` passes) is named with its cycle and criterion; a
 * cycle frozen before gate-config.json is re-decided with the config it recorded, and says so.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE } from '../helpers/cli.ts';
import { ROOT } from '../site/build.ts';
import { removeTemporaries, scratchDir } from '../emit/helpers.ts';
import { forgeDecision, rehash, setCriterionStatus } from './insider.ts';

afterAll(removeTemporaries);

const AS_OF = ['--as-of', '2026-11-24T00:00:00Z'];
const CURRENT = '2026-10-holiday-peak-readiness';
/** The newest cycle of the demo archive, frozen before gate-config.json existed. */
const OLD = '2026-08-payments-tail-latency';
const OLD_NOTE =
  'no gate-config.json (frozen before perfgate wrote one): re-decided with the config its validation-report.json records';
const VERSION = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

/** The demo after `report` and `archive`: the archive holds the six demo cycles and the current one. */
let demo: string;

beforeAll(async () => {
  demo = await scratchDir('recompute');
  for (const d of ['.artifacts', 'content/cycles', 'config'])
    await cp(path.join(ROOT, d), path.join(demo, d), { recursive: true });
});

const cycleArgs = () => [
  '--artifacts',
  path.join(demo, '.artifacts/protocol-18'),
  '--config',
  path.join(demo, 'config/protocol_gates/18.yaml'),
  '--archive',
  path.join(demo, 'content/cycles'),
  ...AS_OF,
];

/** A copy of the demo archive that a test may forge. */
async function archiveCopy(): Promise<string> {
  const dir = path.join(await scratchDir('recompute-archive'), 'cycles');
  await cp(path.join(demo, 'content/cycles'), dir, { recursive: true });
  return dir;
}

describe('verify --recompute on the demo', () => {
  it('re-decides the current cycle the same after `report`, from its directory and from its bundle', async () => {
    expect((await runCli(['report', ...cycleArgs()])).code).toBe(0);
    const dir = path.join(demo, '.artifacts/protocol-18');
    for (const target of [dir, path.join(dir, 'performance-evidence-bundle.zip')]) {
      const r = await runCli(['verify', '--recompute', target]);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toContain(
        `✔ ${target}: re-decided the same (frozen by perfgate ${VERSION}, re-decided by perfgate ${VERSION}; config gate-config.json; evaluated at 2026-11-24T00:00:00Z)`,
      );
      expect(r.stdout).toContain('✔ every cycle re-decided the same: 1 cycle');
      expect(r.stdout).not.toContain('differ');
    }
  });

  it('re-decides every archived cycle the same, the ones frozen before gate-config.json with their recorded config', async () => {
    expect((await runCli(['archive', ...cycleArgs()])).code).toBe(0);
    const r = await runCli(['verify', '--recompute', path.join(demo, 'content/cycles'), '--json']);
    expect(r.code, r.stdout).toBe(0);
    const cycles = r.json().recompute.cycles as {
      cycle: string;
      outcome: string;
      config: { source: string; note?: string };
      differences: unknown[];
    }[];
    expect(cycles.map((c) => [c.cycle, c.outcome])).toEqual([
      ['2025-05-checkout-latency', 'same'],
      ['2025-08-catalog-search-p99', 'same'],
      ['2025-11-peak-season-readiness', 'same'],
      ['2026-02-search-index-sharding', 'same'],
      ['2026-05-inventory-sync-backpressure', 'same'],
      [OLD, 'same'],
      [CURRENT, 'same'],
    ]);
    for (const c of cycles.filter((c) => c.cycle !== CURRENT)) {
      expect(c.config, c.cycle).toMatchObject({ source: 'validation-report.json#/config', note: OLD_NOTE });
    }
    expect(cycles.find((c) => c.cycle === CURRENT)!.config).toMatchObject({ source: 'gate-config.json' });
    expect(cycles.find((c) => c.cycle === CURRENT)!.config.note).toBeUndefined();
    const human = await runCli(['verify', '--recompute', path.join(demo, 'content/cycles')]);
    expect(human.stdout).toContain(`✔ ${OLD}: re-decided the same`);
    expect(human.stdout).toContain(`    note: ${OLD_NOTE}`);
    expect(human.stdout).toContain('✔ every cycle re-decided the same: 7 cycles');
  });
});

describe('verify --recompute sees a decision an insider rewrote', () => {
  it('names the cycle and the criterion of a status edited in a cycle made by this version (directory, archive and bundle)', async () => {
    const archive = await archiveCopy();
    await forgeDecision(archive, CURRENT, (r) => setCriterionStatus(r, 'kpi_improvement', 'fail'));
    // The tracks are covered: plain verify finds nothing.
    expect((await runCli(['verify', archive])).code).toBe(0);

    const expected = [
      { gate: 3, criterion: 'kpi_improvement', field: 'status', frozen: 'fail', recomputed: 'pass' },
    ];
    // The bundle alone in an empty folder: read in place, nothing beside it needed.
    const bundle = path.join(await scratchDir('recompute-bundle'), 'bundle.zip');
    await cp(path.join(archive, CURRENT, 'performance-evidence-bundle.zip'), bundle);
    for (const target of [archive, path.join(archive, CURRENT), bundle]) {
      const r = await runCli(['verify', '--recompute', target, '--json']);
      expect(r.code, target).toBe(1);
      const cycles = r.json().recompute.cycles as {
        cycle: string;
        outcome: string;
        differences: unknown[];
      }[];
      const forged = cycles.filter((c) => c.outcome !== 'same');
      expect(
        forged.map((c) => c.differences),
        target,
      ).toEqual([expected]);
    }
    const human = await runCli(['verify', '--recompute', archive]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(
      `✖ ${CURRENT}: re-decided differently, 1 difference (frozen by perfgate ${VERSION}, re-decided by perfgate ${VERSION}; config gate-config.json;`,
    );
    expect(human.stdout).toContain(
      '    gate 3 optimization · kpi_improvement\n      status  frozen fail, re-decided pass',
    );
    expect(human.stdout).toContain(`✖ re-deciding archive ${archive}: 1 of 7 cycles re-decided differently`);
    expect(human.stdout + human.stderr).not.toMatch(STACK_TRACE);
  });

  it('names a status edited in a cycle frozen before gate-config.json, re-linking the next cycle, and says which config it used', async () => {
    const archive = await archiveCopy();
    await forgeDecision(
      archive,
      OLD,
      (r) => setCriterionStatus(r, 'peak_load_error_rate_pct', 'pass'),
      CURRENT,
    );
    expect((await runCli(['verify', archive])).code).toBe(0);

    const r = await runCli(['verify', '--recompute', archive]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `✖ ${OLD}: re-decided differently, 1 difference (frozen by perfgate ${VERSION} as its evidence-manifest.json records, re-decided by perfgate ${VERSION}; config validation-report.json#/config;`,
    );
    expect(r.stdout).toContain(
      `    note: ${OLD_NOTE}\n    gate 2 diagnostics · peak_load_error_rate_pct\n      status  frozen pass, re-decided fail`,
    );
    expect(r.stdout).toContain(`✔ ${CURRENT}: re-decided the same`);
  });

  it('names a gate config that is not the one the decision records', async () => {
    const archive = await archiveCopy();
    const dir = path.join(archive, CURRENT);
    const file = path.join(dir, 'gate-config.json');
    const config = JSON.parse(await readFile(file, 'utf8'));
    config.optimization.improvement_threshold = 0.5;
    await writeFile(file, JSON.stringify(config, null, 2) + '\n');
    await rehash(dir, 'gate-config.json');

    const r = await runCli(['verify', '--recompute', dir, '--json']);
    expect(r.code).toBe(1);
    const fields = r.json().recompute.cycles[0].differences as {
      field: string;
      gate: number | null;
      criterion: string | null;
      frozen: unknown;
      recomputed: unknown;
    }[];
    expect(fields.map((d) => [d.gate, d.criterion, d.field])).toEqual(
      expect.arrayContaining([
        [null, null, 'gate-config.json sha256'],
        [null, null, 'validation-report.json#/config (as gate-config.json sha256)'],
        [3, 'kpi_improvement', 'threshold'],
        [3, 'kpi_improvement', 'status'],
      ]),
    );
    expect(fields.find((d) => d.field === 'threshold')).toMatchObject({ frozen: 0.15, recomputed: 0.5 });
  });
});

describe('a cycle that cannot be re-decided', () => {
  it.each([
    [
      'records no config',
      (r: Record<string, unknown>) => delete r.config,
      'no gate-config.json, and validation-report.json records no `config`: nothing to re-decide with',
    ],
    [
      'records a config this perfgate cannot use',
      (r: Record<string, any>) => (r.config.baseline.freshness_hour = 3), // eslint-disable-line @typescript-eslint/no-explicit-any
      'no gate-config.json, and validation-report.json#/config is not a gate config this perfgate can use at /baseline/freshness_hour',
    ],
  ])('%s: names the cycle and why, and fails', async (_name, edit, reason) => {
    const archive = await archiveCopy();
    await forgeDecision(archive, OLD, edit, CURRENT);
    const r = await runCli(['verify', '--recompute', archive]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✖ ${OLD}: cannot be re-decided: ${reason}`);
    expect(r.stdout).toContain('1 cycle cannot be re-decided');
    const json = (await runCli(['verify', '--recompute', archive, '--json'])).json();
    expect(json.recompute.cycles.find((c: { cycle: string }) => c.cycle === OLD).outcome).toBe(
      'not-recomputable',
    );
    expect(json.exit_code).toBe(1);
  });
});
