/**
 * ARTIFACTS.md section 3, "Nothing from the future counts" and "the latest review decides", and
 * distribution groups compared as people read them (issue 10: What was seen).
 */
import { describe, expect, it } from 'vitest';
import { art, criterionOf, evaluate, gateOf } from './base.ts';

describe('nothing from the future counts', () => {
  it('evaluated as of 1 Nov, approvals, reviews and deliveries dated 12-19 Nov do not pass gate 4', () => {
    const ev = evaluate((i) => void (i.evaluatedAt = '2026-11-01T00:00:00Z'));
    expect(criterionOf(ev, 'approval_completion')).toMatchObject({ status: 'fail', actual: 0 });
    expect(criterionOf(ev, 'slo_updates_signed')).toMatchObject({ status: 'fail', actual: false });
    expect(criterionOf(ev, 'distribution_groups')).toMatchObject({ status: 'fail', actual: 0 });
    expect(gateOf(ev, 4).status).toBe('fail');
    // Shown, not counted.
    const later = criterionOf(ev, 'distribution_groups').items;
    expect(later).toHaveLength(4);
    expect(later.every((x) => !x.counted && /not yet in force/.test(x.note ?? ''))).toBe(true);
    const reviews = criterionOf(ev, 'approval_completion').items.filter((x) => x.kind === 'review');
    expect(reviews.map((r) => r.note)).toEqual([
      'dated 2026-11-18T10:00:00Z, after the evaluation time: not yet in force',
      'dated 2026-11-18T11:00:00Z, after the evaluation time: not yet in force',
    ]);
  });

  it('counts what is dated exactly at the evaluation time', () => {
    const ev = evaluate((i) => void (i.evaluatedAt = '2026-11-19T09:00:00Z'));
    expect(gateOf(ev, 4).status).toBe('pass');
  });

  it("an SRE Lead's approval is withdrawn by the same reviewer's rejection the next day", () => {
    const ev = evaluate((i) => {
      const reviews = art(i, 'reviewer-signoff').reviews;
      const sre = reviews.find((r) => r.role === 'SRE Lead')!;
      reviews.push({ ...sre, decision: 'rejected', signed_at: '2026-11-19T11:00:00Z' });
    });
    const c = criterionOf(ev, 'approval_completion');
    expect(c).toMatchObject({ status: 'fail', actual: 0.5 });
    expect(c.items.find((x) => x.id === 'SRE Lead')?.note).toMatch(/rejected \(2026-11-19T11:00:00Z\)/);
  });

  it('a rejection dated after the evaluation time does not withdraw an approval in force', () => {
    const ev = evaluate((i) => {
      const reviews = art(i, 'reviewer-signoff').reviews;
      const sre = reviews.find((r) => r.role === 'SRE Lead')!;
      reviews.push({ ...sre, decision: 'rejected', signed_at: '2026-11-21T11:00:00Z' });
    });
    expect(criterionOf(ev, 'approval_completion')).toMatchObject({ status: 'pass', actual: 1 });
  });
});

describe('distribution groups', () => {
  it('"SRE On-Call" written four ways is one group', () => {
    const ev = evaluate((i) => {
      const d = art(i, 'distribution-log').deliveries;
      const one = d[0]!;
      art(i, 'distribution-log').deliveries = [
        'SRE On-Call',
        'SRE  On-Call',
        'SRE\u00a0On-Call',
        'SRE\u200bOn-Call'.replace('\u200bO', ' \u200bO'),
        'sre on-call',
        'ＳＲＥ On-Call',
      ].map((group) => ({ ...one, group }));
    });
    const c = criterionOf(ev, 'distribution_groups');
    expect(c.actual).toBe(1);
    expect(c.status).toBe('fail');
  });
});
