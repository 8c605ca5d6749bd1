/** Counts read right: expected forms are English, written out by hand (not derived from the helper's rules). */
import { describe, expect, it } from 'vitest';
import { plural, pluralOf, singularOf } from '../../src/core/format/plural.ts';
import { whereIn } from '../../src/core/validate/humanize.ts';

const PAIRS: [string, string][] = [
  ['problem', 'problems'],
  ['error', 'errors'],
  ['cycle', 'cycles'],
  ['hypothesis', 'hypotheses'],
  ['criterion', 'criteria'],
  ['entry', 'entries'],
  ['summary', 'summaries'],
  ['status', 'statuses'],
  ['analysis', 'analyses'],
  ['match', 'matches'],
  ['day', 'days'],
  ['run', 'runs'],
  ['critical', 'critical'],
];

describe('plural helper', () => {
  it('says "1 problem", "0 problems", "2 problems"', () => {
    expect(plural(1, 'problem')).toBe('1 problem');
    expect(plural(0, 'problem')).toBe('0 problems');
    expect(plural(2, 'problem')).toBe('2 problems');
    expect(plural(1, 'upstream artifact')).toBe('1 upstream artifact');
    expect(plural(3, 'person', 'people')).toBe('3 people');
  });

  it.each(PAIRS)('%s <-> %s', (one, many) => {
    expect(pluralOf(one)).toBe(many);
    expect(singularOf(many)).toBe(one === 'critical' ? 'critical' : one);
  });

  it('names a hypothesis item as "hypothesis", never "hypothese"', () => {
    expect(singularOf('hypotheses')).toBe('hypothesis');
    expect(singularOf('runs')).toBe('run');
    expect(singularOf('rows')).toBe('row');
  });
});

describe('validation messages name items in the singular', () => {
  it('says "in hypothesis `H-2`", not "in hypothese"', () => {
    const data = { hypotheses: [{ id: 'H-1' }, { id: 'H-2' }] };
    expect(whereIn(data, '/hypotheses/1/owner', 'hypothesis-log.md')).toBe(' in hypothesis `H-2`');
    expect(whereIn({ entries: [{}] }, '/entries/0/x', 'a.json')).toBe(' in entry 1');
  });
});
