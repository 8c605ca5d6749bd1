/** The pure chain module: the one order, and which cycle a broken link is charged to (hand-worked chains). */
import { describe, expect, it } from 'vitest';
import { checkLinks, type ChainNode } from '../../src/core/chain/links.ts';
import { chainOrder } from '../../src/core/chain/order.ts';

const h = (c: string) => c.repeat(64);
const node = (name: string, end: number, manifest: string, previous: string | null): ChainNode => ({
  name,
  cycleId: name,
  end,
  manifest,
  previous,
});

describe('the chain order', () => {
  it('is the period end as an instant, then the cycle id', () => {
    // 2026-03-01T00:00:00-05:00 is 05:00Z: after 03:00Z, although its text sorts first.
    const placed = [
      { cycleId: 'late-offset', end: Date.parse('2026-03-01T00:00:00-05:00') },
      { cycleId: 'early-utc', end: Date.parse('2026-03-01T03:00:00Z') },
      { cycleId: 'a-same-instant', end: Date.parse('2026-03-01T03:00:00Z') },
    ];
    expect(chainOrder(placed).map((p) => p.cycleId)).toEqual(['a-same-instant', 'early-utc', 'late-offset']);
  });
});

describe('checking the links', () => {
  const a = node('a', 1, h('a'), null);
  const b = node('b', 2, h('b'), h('a'));
  const c = node('c', 3, h('c'), h('b'));

  it('a whole chain has no finding', () => {
    expect(checkLinks([a, b, c])).toEqual({ findings: [], notes: [] });
  });

  it('a rewritten middle cycle is charged with the finding; its successor gets a note', () => {
    const rewritten = { ...b, manifest: h('x') };
    const r = checkLinks([a, rewritten, c]);
    expect(r.findings.map((f) => f.name)).toEqual(['b']);
    expect(r.findings[0]!.message).toContain('b was rewritten after c pinned it');
    expect(r.notes.map((n) => n.name)).toEqual(['c']);
  });

  it('the head is not pinned by anything: its note says to compare the chain head', () => {
    const r = checkLinks([a, b, { ...c, previous: h('y') }]);
    expect(r.findings.map((f) => f.name)).toEqual(['b']);
    expect(r.notes[0]!.message).toMatch(/compare the chain head/);
  });

  it('an oldest cycle that names a previous one is a finding of its own (the cycles before it were removed)', () => {
    const r = checkLinks([b, c]);
    expect(r.findings).toEqual([
      expect.objectContaining({
        name: 'b',
        message: expect.stringMatching(/removed other than by `perfgate prune`/),
      }),
    ]);
  });
});
