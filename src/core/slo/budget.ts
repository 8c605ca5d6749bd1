/**
 * An SLO's error budget from a fraction of bad events (OpenSLO `budgetingMethod: Occurrences`): the
 * budget is the share of events allowed to be bad, 1 − target. At a bad fraction b the traffic burns
 * it at b / (1 − target) times the sustainable rate (the burn rate), so over one window it consumes
 * that many budgets, and a fresh budget lasts window / burn rate. Assumes the load test's traffic mix
 * holds for the whole window (content/docs/slo-error-budgets.mdx).
 */

export interface BudgetUse {
  /** Bad events over all events. */
  bad_fraction: number;
  /** Share of the window's budget these events would consume over the window (1 = all of it). */
  budget_consumed: number;
  /** Times the sustainable rate; equal to `budget_consumed` for a window of constant traffic. */
  burn_rate: number;
  /** Days until a fresh budget is gone at this rate; null when nothing is bad. */
  days_to_exhaustion: number | null;
  /** The day of the window the budget runs out on (whole days it lasts), when within the window; else null. */
  exhausted_on_day: number | null;
}

/** The error budget use of a bad fraction against a target over a window of `windowDays`. */
export function budgetUse(badFraction: number, target: number, windowDays: number): BudgetUse {
  const burn = badFraction / (1 - target);
  const days = burn > 0 ? windowDays / burn : null;
  return {
    bad_fraction: badFraction,
    budget_consumed: burn,
    burn_rate: burn,
    days_to_exhaustion: days,
    exhausted_on_day: days !== null && days <= windowDays ? Math.floor(days) : null,
  };
}

const UNIT_DAYS: Record<string, number> = { m: 1 / 1440, h: 1 / 24, d: 1, w: 7 };

/** An OpenSLO duration (`30d`, `4w`, `720h`) in days; null for calendar units (M, Q, Y). */
export function windowDays(duration: string): number | null {
  const m = /^([1-9][0-9]*)([mhdw])$/.exec(duration);
  return m ? Number(m[1]) * UNIT_DAYS[m[2]!]! : null;
}
