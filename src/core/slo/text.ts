/** SLO error budgets in words and numbers, for the site and the report alike. */
import { plain } from '../format/number.ts';
import type { BudgetSide, SloBudget } from './index.ts';

const pct = (x: number, digits = 2) => `${plain(Number((x * 100).toFixed(digits)))} %`;

/** The objective: `99 % of requests lt 300 ms over 30d` / `99.9 % of requests succeed over 4w`. */
export function objectiveText(b: SloBudget): string {
  const o = b.objective;
  const what =
    b.indicator === 'latency' ? `of requests ${o.op} ${plain(o.value!)} ms` : 'of requests succeed';
  return `${pct(o.target, 3)} ${what} over ${b.window.duration}`;
}

/** One side in words: `0.45 % bad: 45 % of the 30d budget, burn rate 0.45, lasts 66.7 days`. */
export function sideText(s: BudgetSide, b: SloBudget): string {
  if (s.status === 'not_computed') return `not computed: ${s.reason}`;
  const lasts =
    s.days_to_exhaustion === null
      ? 'no bad events: the budget is not used'
      : s.exhausted_on_day !== null
        ? `exhausted on day ${s.exhausted_on_day} (after ${plain(Number(s.days_to_exhaustion.toFixed(1)))} days)`
        : `a fresh budget lasts ${plain(Number(s.days_to_exhaustion.toFixed(1)))} days, beyond the window`;
  return `${pct(s.bad_fraction)} bad (${s.bad} of ${s.events} requests): ${pct(s.budget_consumed, 1)} of the ${b.window.duration} budget, burn rate ${plain(Number(s.burn_rate.toFixed(2)))}; ${lasts}`;
}
