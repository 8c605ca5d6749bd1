/** The comparison of a frozen decision with its re-decision, on hand-made decisions. */
import { describe, expect, it } from 'vitest';
import { compareDecisions, type Redecided } from '../../src/core/verify/recompute/compare.ts';
import type { FrozenDecision } from '../../src/core/verify/recompute/frozen.ts';

const criterion = (over: Record<string, unknown> = {}) => ({
  id: 'kpi_improvement',
  status: 'pass',
  actual: 0.2,
  threshold: 0.15,
  operator: '>=',
  numerator: null,
  denominator: null,
  margin: 0.05,
  at_risk: false,
  summary: 'Smallest improvement 20 %.',
  items: [
    { kind: 'target', id: 'checkout latency_p95_ms', counted: true, value: 0.2, note: 'improved' },
    { kind: 'target', id: 'search latency_p95_ms', counted: true, value: 0.3 },
  ],
  ...over,
});

const frozen = (criteria: Record<string, unknown>[], exitCode = 0): FrozenDecision => ({
  cycleId: 'c-1',
  evaluatedAt: '2026-11-20T12:00:00Z',
  exitCode,
  gates: [{ gate: 3, name: 'optimization', status: 'pass', criteria }],
  diagnostics: [],
  config: {},
  configSha256: undefined,
  version: '0.1.0',
});

const redone = (criteria: Record<string, unknown>[], status = 'pass', exit = 0): Redecided => ({
  cycle_id: 'c-1',
  exit_code: exit,
  diagnostics: [],
  gates: [{ gate: 3, name: 'optimization', status, criteria }],
});

describe('compareDecisions', () => {
  it('finds nothing when the values agree, whatever the words say', () => {
    const reworded = criterion({
      summary: 'Another sentence.',
      items: criterion().items.map((i) => ({ ...i, note: 'other words' })),
    });
    expect(compareDecisions(frozen([criterion()]), redone([reworded]))).toEqual([]);
  });

  it('names each value of a criterion that differs, its items, its gate and the exit code', () => {
    const edited = criterion({
      status: 'fail',
      operator: '<=',
      items: [{ kind: 'target', id: 'checkout latency_p95_ms', counted: false, value: 0.02 }],
    });
    expect(compareDecisions(frozen([criterion()]), redone([edited], 'fail', 1))).toEqual([
      { gate: null, criterion: null, field: 'exit_code', frozen: 0, recomputed: 1 },
      { gate: 3, criterion: null, field: 'status', frozen: 'pass', recomputed: 'fail' },
      { gate: 3, criterion: 'kpi_improvement', field: 'status', frozen: 'pass', recomputed: 'fail' },
      { gate: 3, criterion: 'kpi_improvement', field: 'operator', frozen: '>=', recomputed: '<=' },
      {
        gate: 3,
        criterion: 'kpi_improvement',
        field: 'items[target checkout latency_p95_ms].counted',
        frozen: true,
        recomputed: false,
      },
      {
        gate: 3,
        criterion: 'kpi_improvement',
        field: 'items[target checkout latency_p95_ms].value',
        frozen: 0.2,
        recomputed: 0.02,
      },
      {
        gate: 3,
        criterion: 'kpi_improvement',
        field: 'items[target search latency_p95_ms]',
        frozen: 'listed',
        recomputed: undefined,
      },
    ]);
  });

  it('names a criterion only one side decided', () => {
    const significance = criterion({ id: 'significance' });
    expect(compareDecisions(frozen([criterion(), significance]), redone([criterion()]))).toEqual([
      { gate: 3, criterion: 'significance', field: 'criterion', frozen: 'decided', recomputed: undefined },
    ]);
  });

  it('explains an exit code that differs while every gate agrees by the deciding diagnostics of one side', () => {
    const hidden = {
      code: 'fs.hidden',
      severity: 'error',
      file: 'diagnostics/.env',
      message: 'Unexpected hidden file',
    };
    const warning = {
      code: 'markdown.raw-html',
      severity: 'warning',
      file: 'hypothesis-log.md',
      message: 'raw HTML',
    };
    const f = { ...frozen([criterion()], 1), diagnostics: [hidden, warning] };
    expect(compareDecisions(f, redone([criterion()]))).toEqual([
      { gate: null, criterion: null, field: 'exit_code', frozen: 1, recomputed: 0 },
      {
        gate: null,
        criterion: null,
        field: 'diagnostics[fs.hidden diagnostics/.env]',
        frozen: 'reported',
        recomputed: undefined,
      },
    ]);
  });
});
