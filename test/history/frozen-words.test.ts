/**
 * An archived cycle keeps its frozen statuses and numbers, and is worded as this perfgate words the
 * same values (issue 25, item 5): the demo's 2026-02 cycle, as an older perfgate froze it (the
 * fixture test/fixtures/archive-before-gate-config, the demo's archive before it was regenerated),
 * was decided by a perfgate that wrote "22.4%" and "+8.0% > 5% tolerance" (a regression written with
 * a plus beside a KPI table that shows −8.0 %); the site now says what today's perfgate says of the
 * same values, and keeps the frozen words wherever re-deciding gives other values. The regenerated
 * demo archive has today's words frozen in its own files.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CriterionResult, GateResult } from '../../src/core/evaluate/types.ts';
import { rewordFrozen } from '../../src/core/history/frozen-words.ts';
import type { SiteData } from '../../src/core/history/site-data.ts';
import { ARCHIVE_BEFORE_GATE_CONFIG } from '../publish/demo-copy.ts';
import { readDemoHistory } from './demo-history.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CYCLE = '2026-02-search-index-sharding';

/** A criterion as a validation-report.json holds it, with the given values and words. */
function criterion(over: Partial<CriterionResult>): CriterionResult {
  return {
    id: 'regression_count',
    gate: 3,
    status: 'fail',
    actual: 1,
    threshold: 0,
    operator: '<=',
    formula: 'old formula',
    numerator: 1,
    denominator: 2,
    margin: -1,
    at_risk: false,
    items: [
      { kind: 'monitored', id: 'svc p95', counted: true, value: -0.08, note: 'svc p95 +8.0% > 5% tolerance' },
      { kind: 'monitored', id: 'svc errors', counted: false, value: 0 },
    ],
    evidence: ['optimization-validation-report.json'],
    summary: 'svc p95 +8.0% > 5% tolerance',
    waivers: [],
    ...over,
  };
}
const gate = (c: CriterionResult): GateResult => ({
  gate: 3,
  name: 'optimization',
  title: 'Optimization',
  status: c.status === 'pass' ? 'pass' : 'fail',
  criteria: [c],
});

describe('rewordFrozen', () => {
  const today = criterion({
    formula: 'new formula',
    summary: 'svc p95 8.0 % worse, beyond the 5 % tolerance',
    items: [
      { kind: 'monitored', id: 'svc p95', counted: true, value: -0.08, note: 'svc p95 8.0 % worse' },
      { kind: 'monitored', id: 'svc errors', counted: false, value: 0, note: 'within tolerance' },
    ],
  });

  it("takes today's summary, formula and item notes when every value agrees, and keeps the frozen values", () => {
    const frozen = criterion({ evidence: ['frozen-evidence.json'] });
    const r = rewordFrozen([gate(frozen)], [gate(today)]);
    expect(r).toMatchObject({ reworded: 1, kept: 0 });
    const c = r.gates[0]!.criteria[0]!;
    expect(c.summary).toBe('svc p95 8.0 % worse, beyond the 5 % tolerance');
    expect(c.formula).toBe('new formula');
    expect(c.items.map((i) => i.note)).toEqual(['svc p95 8.0 % worse', 'within tolerance']);
    // The decision stays the frozen one.
    expect(c.evidence).toEqual(['frozen-evidence.json']);
    expect(c.items.map((i) => i.value)).toEqual([-0.08, 0]);
  });

  it('drops a frozen note that today has no words for', () => {
    const quiet = criterion({ items: today.items.map(({ note: _n, ...i }) => i), summary: 's' });
    const c = rewordFrozen([gate(criterion({}))], [gate(quiet)]).gates[0]!.criteria[0]!;
    expect(c.items.some((i) => 'note' in i)).toBe(false);
  });

  it.each([
    ['a status', { status: 'pass' as const }],
    ['the actual value', { actual: 2 }],
    ['the threshold', { threshold: 1 }],
    ['a denominator', { denominator: 3 }],
    ['at risk', { at_risk: true }],
    ["an item's value", { items: [{ ...today.items[0]!, value: -0.09 }, today.items[1]!] }],
    ["an item's count", { items: [today.items[0]!, { ...today.items[1]!, counted: true }] }],
    ['an item only one side has', { items: [today.items[0]!] }],
  ])('keeps the frozen words when re-deciding gives another %s', (_what, over) => {
    const r = rewordFrozen([gate(criterion({}))], [gate({ ...today, ...over })]);
    expect(r).toMatchObject({ reworded: 0, kept: 1 });
    expect(r.gates[0]!.criteria[0]!.summary).toBe('svc p95 +8.0% > 5% tolerance');
  });

  it('keeps the frozen words of a criterion today does not decide', () => {
    const r = rewordFrozen([gate(criterion({}))], [gate(criterion({ id: 'other' }))]);
    expect(r).toMatchObject({ reworded: 0, kept: 1 });
  });
});

type Frozen = { gates: { gate: number; status: string; criteria: Record<string, unknown>[] }[] };
const frozenReport = async (archive: string) =>
  JSON.parse(await readFile(path.join(archive, CYCLE, 'validation-report.json'), 'utf8')) as Frozen;

describe('the demo archive as an older perfgate froze it', () => {
  let data: SiteData;
  let frozen: Frozen;
  beforeAll(async () => {
    data = await readDemoHistory(ARCHIVE_BEFORE_GATE_CONFIG);
    frozen = await frozenReport(ARCHIVE_BEFORE_GATE_CONFIG);
  });

  it("shows the 2026-02 cycle's frozen statuses and numbers in today's words", () => {
    const record = data.cycles.find((c) => c.cycle_id === CYCLE)!;
    expect(record.decision.source).toBe('frozen');
    const shown = record.evaluation.gates.flatMap((g) => g.criteria);
    const written = frozen.gates.flatMap((g) => g.criteria);
    // Every status and number is the frozen one.
    for (const f of ['id', 'status', 'actual', 'threshold', 'numerator', 'denominator'])
      expect(shown.map((c) => c[f as keyof CriterionResult])).toEqual(written.map((c) => c[f]));
    const kpi = shown.find((c) => c.id === 'kpi_improvement')!;
    // The frozen file wrote "22.4%"; 0.223684210526 is 22.4 % with the space before the sign.
    expect(written.find((c) => c.id === 'kpi_improvement')!.summary).toBe(
      'smallest improvement 22.4% (catalog-search latency_p99_ms)',
    );
    expect(kpi.summary).toBe('smallest improvement 22.4 % (catalog-search latency_p99_ms)');
    const regression = shown.find((c) => c.id === 'regression_count')!;
    expect(regression.status).toBe('fail');
    // p95 from 412 to 445 ms is 8.0 % worse: no longer "+8.0%" for a regression.
    expect(regression.summary).not.toContain('+8.0%');
    expect(regression.summary).toMatch(/latency_p95_ms 8\.0 % worse, beyond the 5 % tolerance/);
    const notes = regression.items.flatMap((i) => (i.note ? [i.note] : []));
    expect(notes.join('\n')).not.toContain('+8.0%');
    expect(record.decision.worded).toEqual({ current: shown.length, frozen: 0 });
  });
});

describe('the demo archive regenerated by this perfgate (scripts/regenerate-demo-archive.mjs)', () => {
  it("has the same statuses and numbers as the archive before it, and today's words in its own files", async () => {
    const before = (await frozenReport(ARCHIVE_BEFORE_GATE_CONFIG)).gates.flatMap((g) => g.criteria);
    const now = (await frozenReport(path.join(ROOT, 'content/cycles'))).gates.flatMap((g) => g.criteria);
    for (const f of ['id', 'status', 'actual', 'threshold', 'numerator', 'denominator'])
      expect(now.map((c) => c[f])).toEqual(before.map((c) => c[f]));
    const kpi = now.find((c) => c.id === 'kpi_improvement')!;
    expect(kpi.summary).toBe('smallest improvement 22.4 % (catalog-search latency_p99_ms)');
    const regression = now.find((c) => c.id === 'regression_count')!;
    expect(regression.summary).toMatch(/latency_p95_ms 8\.0 % worse, beyond the 5 % tolerance/);
    // Read as the site reads it: nothing left to reword.
    const record = (await readDemoHistory()).cycles.find((c) => c.cycle_id === CYCLE)!;
    expect(record.evaluation.gates.flatMap((g) => g.criteria).map((c) => c.summary)).toEqual(
      now.map((c) => c.summary),
    );
  });
});
