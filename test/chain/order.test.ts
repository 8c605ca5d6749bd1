/**
 * One chain order everywhere (ARTIFACTS.md section 5): by period end as an instant, then id. With
 * mixed offsets the text order differs from the instant order; verify, the history of the build
 * (its chain, chain.json and head) and the GitHub action's anchors must agree on the instant order.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAnchors } from '../../src/core/github/anchors.ts';
import { readHistory } from '../../src/core/history/read.ts';
import { runCli } from '../helpers/cli.ts';
import { archiveSeries, sha256File, removeSeries } from './helpers.ts';

afterAll(removeSeries);

// Worked by hand: 2026-03-01T00:00:00-05:00 is 2026-03-01T05:00:00Z, two hours after 03:00Z, although
// its text sorts first ("T00" < "T03").
const EARLY = { id: 'b-early-utc', end: '2026-03-01T03:00:00Z' };
const LATE = { id: 'a-late-offset', end: '2026-03-01T00:00:00-05:00' };

describe('the chain order', () => {
  it('with mixed offsets, verify, the build history and the action anchors agree on the chain and its head', async () => {
    // Archived in the instant order: `archive` links the later one to the earlier one.
    const s = await archiveSeries([EARLY, LATE]);
    const earlyManifest = await sha256File(path.join(s.archive, EARLY.id, 'evidence-manifest.json'));
    const head = await sha256File(path.join(s.archive, LATE.id, 'evidence-manifest.json'));

    const verify = await runCli(['verify', s.archive, '--json']);
    expect(verify.code, verify.stdout).toBe(0);
    const v = verify.json();
    expect(v.cycles.map((c: { cycle_id: string }) => c.cycle_id)).toEqual([EARLY.id, LATE.id]);
    expect(v.cycles[1].previous_manifest_sha256).toBe(earlyManifest);
    expect(v.chain_head).toBe(head);

    const data = await readHistory({
      artifactsDir: path.join(s.root, 'no-current-cycle'),
      archiveDir: s.archive,
      configFile: s.config,
      evaluatedAt: '2026-11-21T00:00:00Z',
      base: '/',
    });
    expect(data.cycles.map((c) => [c.cycle_id, c.integrity.state, c.integrity.problems])).toEqual(
      expect.arrayContaining([
        [EARLY.id, 'verified', []],
        [LATE.id, 'verified', []],
      ]),
    );
    expect(data.chain.map((l) => l.cycle_id)).toEqual([EARLY.id, LATE.id]);
    expect(data.chain_head).toBe(head);

    const anchors = await readAnchors(path.join(s.root, 'no-current-cycle'), s.archive);
    expect(anchors.chainHead?.sha256).toBe(head);
  }, 60_000);
});
