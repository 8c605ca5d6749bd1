import { describe, expect, it } from 'vitest';
import type { UnvalidatedInput } from '../../src/core/evaluate/types.ts';
import { art, criterionOf, drop, evaluate, gateOf } from './base.ts';

const unclean = (i: UnvalidatedInput) => void (i.clean = i.clean.filter((n) => n !== 'capacity-analysis'));

describe('documentation_completeness', () => {
  it('counts the 13 required artifacts present and clean', () => {
    expect(criterionOf(evaluate(), 'documentation_completeness')).toMatchObject({
      status: 'pass',
      actual: 1,
      numerator: 13,
      denominator: 13,
      at_risk: false,
    });
  });

  it('passes at its threshold (12 of 13), just inside, and fails just outside', () => {
    const at = criterionOf(
      evaluate((i) => void (unclean(i), (i.config.governance.documentation_threshold = 12 / 13))),
      'documentation_completeness',
    );
    expect(at).toMatchObject({ status: 'pass', margin: 0, at_risk: true });
    expect(at.items.find((x) => !x.counted)).toMatchObject({
      id: 'capacity-analysis.md',
      note: 'has errors',
    });
    expect(
      criterionOf(
        evaluate((i) => void (unclean(i), (i.config.governance.documentation_threshold = 0.9))),
        'documentation_completeness',
      ).status,
    ).toBe('pass');
    const out = evaluate(unclean);
    expect(criterionOf(out, 'documentation_completeness')).toMatchObject({ status: 'fail', numerator: 12 });
    expect(gateOf(out, 4).status).toBe('fail');
  });

  it('reports a missing artifact as missing', () => {
    const c = criterionOf(
      evaluate((i) => drop(i, 'instrumentation-update-log')),
      'documentation_completeness',
    );
    expect(c.items.find((x) => x.id === 'instrumentation-update-log.md')).toMatchObject({
      counted: false,
      note: 'missing',
    });
  });
});

describe('slo_updates_signed', () => {
  it('is true only for an approved record with a signature', () => {
    expect(criterionOf(evaluate(), 'slo_updates_signed')).toMatchObject({
      status: 'pass',
      actual: true,
      threshold: true,
      operator: '=',
      at_risk: false,
    });
    const pending = evaluate((i) => void (art(i, 'slo-update-record').approval.status = 'pending'));
    expect(criterionOf(pending, 'slo_updates_signed')).toMatchObject({
      status: 'fail',
      actual: false,
      summary: 'approval status is pending',
    });
    const unsigned = evaluate((i) => void (art(i, 'slo-update-record').approval.approvals = []));
    expect(criterionOf(unsigned, 'slo_updates_signed')).toMatchObject({ status: 'fail', actual: false });
    expect(gateOf(unsigned, 4).status).toBe('fail');
  });

  it('is not evaluable without the SLO record', () => {
    const ev = evaluate((i) => drop(i, 'slo-update-record'));
    expect(criterionOf(ev, 'slo_updates_signed').status).toBe('not_evaluable');
    expect(gateOf(ev, 4).status).toBe('fail');
  });
});

describe('distribution_groups', () => {
  const groups =
    (...names: string[]) =>
    (i: UnvalidatedInput) =>
      void (art(i, 'distribution-log').deliveries = names.map((group) => ({
        group,
        channel: 'email' as const,
        delivered_at: '2026-11-19T09:00:00Z',
      })));

  it('passes at 3 distinct groups (at risk) and fails at 2', () => {
    expect(criterionOf(evaluate(groups('A', 'B', 'C')), 'distribution_groups')).toMatchObject({
      status: 'pass',
      actual: 3,
      margin: 0,
      at_risk: true,
    });
    expect(criterionOf(evaluate(), 'distribution_groups')).toMatchObject({
      status: 'pass',
      actual: 4,
      at_risk: false,
    });
    expect(criterionOf(evaluate(groups('A', 'B', ' a ', 'b')), 'distribution_groups')).toMatchObject({
      status: 'fail',
      actual: 2,
    });
  });

  it('is not evaluable without the distribution log', () => {
    const ev = evaluate((i) => drop(i, 'distribution-log'));
    expect(criterionOf(ev, 'distribution_groups').status).toBe('not_evaluable');
    expect(gateOf(ev, 4).status).toBe('fail');
  });
});

describe('approval_completion', () => {
  const sre = (patch: object) => (i: UnvalidatedInput) =>
    Object.assign(art(i, 'reviewer-signoff').reviews[1]!, patch);

  it('matches roles case-insensitively and needs an approved decision', () => {
    expect(criterionOf(evaluate(sre({ role: 'sre lead' })), 'approval_completion')).toMatchObject({
      status: 'pass',
      actual: 1,
    });
    const out = criterionOf(evaluate(sre({ decision: 'changes_requested' })), 'approval_completion');
    expect(out).toMatchObject({ status: 'fail', actual: 0.5, margin: -0.5 });
    expect(out.items[1]).toMatchObject({ id: 'SRE Lead', counted: false });
    expect(out.items[1]!.note).toMatch(/^Raj: changes_requested \(/);
  });

  it('passes at its threshold and fails just outside', () => {
    const at = evaluate(
      (i) => void (sre({ decision: 'rejected' })(i), (i.config.governance.approval_threshold = 0.5)),
    );
    expect(criterionOf(at, 'approval_completion')).toMatchObject({
      status: 'pass',
      margin: 0,
      at_risk: true,
    });
    const out = evaluate(
      (i) => void (sre({ decision: 'rejected' })(i), (i.config.governance.approval_threshold = 0.51)),
    );
    expect(criterionOf(out, 'approval_completion').status).toBe('fail');
  });

  it('is not evaluable with no required role or no sign-off', () => {
    expect(
      criterionOf(
        evaluate((i) => void (i.config.governance.required_roles = [])),
        'approval_completion',
      ).status,
    ).toBe('not_evaluable');
    const ev = evaluate((i) => drop(i, 'reviewer-signoff'));
    expect(criterionOf(ev, 'approval_completion').status).toBe('not_evaluable');
    expect(gateOf(ev, 4).status).toBe('fail');
  });
});
