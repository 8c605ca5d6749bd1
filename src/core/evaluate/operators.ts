/** Comparison operators as a table (no branches per criterion): does it hold, and by how much. */
import { round } from './safe.ts';
import type { Operator } from './types.ts';

export interface OperatorSpec {
  holds(actual: number | boolean, threshold: number | boolean): boolean;
  /** Signed distance to the threshold, positive on the passing side; null for booleans. */
  margin(actual: number | boolean, threshold: number | boolean): number | null;
  /** Whether a pass can be "close" to failing (equality cannot). */
  graded: boolean;
}

const bothNumbers = (a: number | boolean, t: number | boolean): [number, number] | null =>
  typeof a === 'number' && typeof t === 'number' ? [a, t] : null;

const equality: OperatorSpec = {
  holds: (a, t) => {
    const n = bothNumbers(a, t);
    return n ? round(n[0]) === round(n[1]) : a === t;
  },
  margin: (a, t) => {
    const n = bothNumbers(a, t);
    return n ? round(-Math.abs(round(n[0]) - round(n[1]))) : null;
  },
  graded: false,
};

/** The operators of the criteria table; numbers are compared at 12 significant digits. */
export const OPERATORS: Record<Operator, OperatorSpec> = {
  '>=': {
    holds: (a, t) => {
      const n = bothNumbers(a, t);
      return n !== null && round(n[0]) >= round(n[1]);
    },
    margin: (a, t) => {
      const n = bothNumbers(a, t);
      return n ? round(round(n[0]) - round(n[1])) : null;
    },
    graded: true,
  },
  '<=': {
    holds: (a, t) => {
      const n = bothNumbers(a, t);
      return n !== null && round(n[0]) <= round(n[1]);
    },
    margin: (a, t) => {
      const n = bothNumbers(a, t);
      return n ? round(round(n[1]) - round(n[0])) : null;
    },
    graded: true,
  },
  '=': equality,
  '==': equality,
};

/**
 * A pass within `warnMargin x |threshold|` of its threshold is at risk. A zero band (threshold 0,
 * or warn_margin 0) and equality never are: there is no "nearly failing" there.
 */
export function atRisk(
  op: Operator,
  margin: number | null,
  threshold: number | boolean,
  warnMargin: number,
): boolean {
  if (!OPERATORS[op].graded || margin === null || typeof threshold !== 'number') return false;
  const band = round(warnMargin * Math.abs(threshold));
  return band > 0 && margin <= band;
}
