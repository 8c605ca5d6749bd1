import { describe, expect, it } from 'vitest';
import type { UnvalidatedInput } from '../../src/core/evaluate/types.ts';
import type { GateWaiver } from '../../src/core/types/artifacts.generated.ts';
import { art, criterionOf, drop, evaluate, gateOf } from './base.ts';

const waiver = (patch: Partial<GateWaiver> & Pick<GateWaiver, 'gate' | 'criterion'>): GateWaiver => ({
  id: 'W-1',
  justification: 'Known gap, tracked',
  approved_by: 'Head of SRE',
  approved_at: '2026-11-10T00:00:00Z',
  expires_at: '2026-12-31T00:00:00Z',
  ...patch,
});

function withWaivers(i: UnvalidatedInput, ...waivers: GateWaiver[]) {
  i.artifacts['gate-waivers'] = { waivers };
  i.present.push('gate-waivers');
  i.clean.push('gate-waivers');
}

const twoHypotheses = (i: UnvalidatedInput) => void art(i, 'hypothesis-log').hypotheses.splice(2);
const twoGroups = (i: UnvalidatedInput) => void art(i, 'distribution-log').deliveries.splice(2);

describe('waivers', () => {
  it('waive a failing criterion of gate 1: the gate is waived', () => {
    const ev = evaluate((i) => {
      twoHypotheses(i);
      withWaivers(i, waiver({ gate: 1, criterion: 'hypotheses' }));
    });
    const c = criterionOf(ev, 'hypotheses');
    expect(c.status).toBe('waived');
    expect(c.waivers).toEqual([
      {
        id: 'W-1',
        criterion: 'hypotheses',
        approved_by: 'Head of SRE',
        expires_at: '2026-12-31T00:00:00Z',
        justification: 'Known gap, tracked',
        state: 'applied',
      },
    ]);
    expect(gateOf(ev, 1).status).toBe('waived');
  });

  it('waive a not-evaluable criterion too', () => {
    const ev = evaluate((i) => {
      drop(i, 'capacity-analysis');
      withWaivers(i, waiver({ gate: 2, criterion: 'diagnostic_coverage' }));
    });
    expect(criterionOf(ev, 'diagnostic_coverage').status).toBe('waived');
    expect(gateOf(ev, 2).status).toBe('waived');
  });

  it('expired: waives nothing, the gate fails and the waiver is reported expired', () => {
    const ev = evaluate((i) => {
      twoHypotheses(i);
      withWaivers(i, waiver({ gate: 1, criterion: 'hypotheses', expires_at: '2026-11-20T11:59:59Z' }));
    });
    expect(criterionOf(ev, 'hypotheses')).toMatchObject({
      status: 'fail',
      waivers: [{ id: 'W-1', state: 'expired' }],
    });
    expect(gateOf(ev, 1).status).toBe('fail');
  });

  it('gate 3: never applies', () => {
    const ev = evaluate((i) => {
      art(i, 'optimization-validation-report').targets![0]!.after = 380;
      withWaivers(i, waiver({ gate: 3 as GateWaiver['gate'], criterion: 'kpi_improvement' }));
    });
    const c = criterionOf(ev, 'kpi_improvement');
    expect(c.status).toBe('fail');
    expect(c.waivers[0]).toMatchObject({
      state: 'unused',
      note: 'Waiver: Not permitted for gate 3 (Optimization Validation Gate)',
    });
    expect(gateOf(ev, 3).status).toBe('fail');
  });

  it('gate 4: applies to distribution_groups only', () => {
    const other = evaluate((i) => {
      art(i, 'reviewer-signoff').reviews.pop();
      withWaivers(i, waiver({ gate: 4, criterion: 'approval_completion' }));
    });
    expect(criterionOf(other, 'approval_completion')).toMatchObject({
      status: 'fail',
      waivers: [{ state: 'unused' }],
    });
    expect(gateOf(other, 4).status).toBe('fail');
    const distribution = evaluate((i) => {
      twoGroups(i);
      withWaivers(i, waiver({ gate: 4, criterion: 'distribution_groups' }));
    });
    expect(criterionOf(distribution, 'distribution_groups').status).toBe('waived');
    expect(gateOf(distribution, 4).status).toBe('waived');
  });

  it('unused on a passing criterion; the gate passes', () => {
    const ev = evaluate((i) => withWaivers(i, waiver({ gate: 1, criterion: 'hypotheses' })));
    expect(criterionOf(ev, 'hypotheses')).toMatchObject({
      status: 'pass',
      waivers: [{ state: 'unused', note: 'the criterion passes without it' }],
    });
    expect(gateOf(ev, 1).status).toBe('pass');
  });

  it('not yet in force when approved after the evaluation time', () => {
    const ev = evaluate((i) => {
      twoHypotheses(i);
      withWaivers(i, waiver({ gate: 1, criterion: 'hypotheses', approved_at: '2026-11-21T00:00:00Z' }));
    });
    expect(criterionOf(ev, 'hypotheses')).toMatchObject({ status: 'fail', waivers: [{ state: 'unused' }] });
    expect(criterionOf(ev, 'hypotheses').waivers[0]?.note).toContain('not yet in force');
  });

  it('do not apply when their gate does not match the criterion', () => {
    const ev = evaluate((i) => {
      twoHypotheses(i);
      withWaivers(i, waiver({ gate: 2, criterion: 'hypotheses' }));
    });
    expect(criterionOf(ev, 'hypotheses').status).toBe('fail');
  });

  it('a gate with a waived and a failing criterion fails', () => {
    const ev = evaluate((i) => {
      twoHypotheses(i);
      art(i, 'performance-intake-report').telemetry_sources.splice(1);
      withWaivers(i, waiver({ gate: 1, criterion: 'hypotheses' }));
    });
    expect(gateOf(ev, 1).status).toBe('fail');
  });
});
