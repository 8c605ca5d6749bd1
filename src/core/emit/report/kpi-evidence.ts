/**
 * The validation results' columns about evidence: where each before and after value came from
 * (linked), the 95 % interval of the improvement, the smallest detectable change, and whether a
 * regression is confirmed by the runs (ARTIFACTS.md sections 2 and 3).
 */
import type { KpiDelta, ValueSource } from '../../evaluate/types.ts';
import { formatImprovement, formatP } from '../../format/index.ts';
import { fileLink, joined, strong, type Cell, type Inline } from './md.ts';

/** `median of runs a, b (…) — load-test-results.json, loadtests/a.json`, the files linked. */
export function sourceCell(s: ValueSource): Cell {
  const links: Inline[] = s.files.map((f) => fileLink(f));
  return links.length > 0 ? [`${s.text} — `, ...joined(links)] : s.kind === 'typed' ? strong(s.text) : s.text;
}

/** `+12.1 % to +20.3 %`, or `—` without two referenced runs per side. */
export function intervalCell(d: KpiDelta): Cell {
  if (!d.stats) return null;
  const [lo, hi] = d.stats.ci95;
  const extra = d.stats.at_confidence
    ? `; ${Number((d.stats.at_confidence.level * 100).toPrecision(12))} %: ${formatImprovement(d.stats.at_confidence.interval[0])} to ${formatImprovement(d.stats.at_confidence.interval[1])}`
    : '';
  return `${formatImprovement(lo)} to ${formatImprovement(hi)} (Welch on ${d.stats.n_before} + ${d.stats.n_after} runs, p = ${formatP(d.stats.p)}${extra})`;
}

/** `9.4 % (can tell a 15 % change from noise)` or `21 % (cannot tell 15 %; about 6 runs per side would)`. */
export function detectableCell(d: KpiDelta): Cell {
  if (!d.stats) return null;
  const { mde, detect } = d.stats;
  const change = `${Number((detect.change * 100).toPrecision(12))} %`;
  if (detect.detectable)
    return `${formatImprovement(mde).replace('+', '')} (can tell a ${change} change from noise)`;
  const more =
    detect.runs_per_side !== null
      ? `about ${detect.runs_per_side} runs per side would`
      : 'more than 200 runs per side would be needed';
  return `${formatImprovement(mde).replace('+', '')} (cannot tell a ${change} change from noise; ${more})`;
}

/** `regression (confirmed)`, `regression (not confirmed: more runs would decide)`, `within 5 %`. */
export function regressionCell(d: KpiDelta): Cell {
  if (d.regression)
    return [strong('regression'), d.confirmed ? ' (confirmed)' : ' (not confirmed: more runs would decide)'];
  return d.role === 'monitored' ? `within ${d.tolerance_pct} %` : null;
}
