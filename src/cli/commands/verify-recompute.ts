/** The human output of `perfgate verify --recompute`: differences grouped by cycle and criterion. */
import { GATES } from '../../core/evaluate/gates.ts';
import { plural } from '../../core/format/plural.ts';
import type { CycleRecompute, Difference, RecomputeReport } from '../../core/verify/recompute/index.ts';

/** A frozen or re-decided value as printed: strings bare, everything else as JSON, nothing as `(none)`. */
function shown(v: unknown): string {
  if (v === undefined) return '(none)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `gate 3 optimization · kpi_improvement`, `gate 3 optimization`, or `cycle`. */
function groupOf(d: Difference): string {
  if (d.gate === null) return 'cycle';
  const gate = `gate ${d.gate} ${GATES.find((g) => g.gate === d.gate)?.name ?? ''}`.trimEnd();
  return d.criterion === null ? gate : `${gate} · ${d.criterion}`;
}

function differenceLines(differences: readonly Difference[]): string[] {
  const groups = new Map<string, Difference[]>();
  for (const d of differences) groups.set(groupOf(d), [...(groups.get(groupOf(d)) ?? []), d]);
  return [...groups].flatMap(([group, list]) => {
    const width = Math.max(...list.map((d) => d.field.length));
    return [
      `    ${group}`,
      ...list.map(
        (d) => `      ${d.field.padEnd(width)}  frozen ${shown(d.frozen)}, re-decided ${shown(d.recomputed)}`,
      ),
    ];
  });
}

function versions(c: CycleRecompute, running: string): string {
  const frozen = c.frozen_version
    ? `perfgate ${c.frozen_version}${c.frozen_version_from === 'validation-report.json' ? '' : ` as its ${c.frozen_version_from} records`}`
    : 'an unrecorded perfgate version';
  return `frozen by ${frozen}, re-decided by perfgate ${running}`;
}

function cycleLines(c: CycleRecompute, running: string): string[] {
  if (c.outcome === 'not-recomputable')
    return [`✖ ${c.cycle}: cannot be re-decided: ${c.reason ?? 'unknown reason'} (${versions(c, running)})`];
  const context = `${versions(c, running)}; config ${c.config?.source ?? '?'}; evaluated at ${c.evaluated_at}`;
  const note = c.config?.note ? [`    note: ${c.config.note}`] : [];
  if (c.outcome === 'same') return [`✔ ${c.cycle}: re-decided the same (${context})`, ...note];
  return [
    `✖ ${c.cycle}: re-decided differently, ${plural(c.differences.length, 'difference')} (${context})`,
    ...note,
    ...differenceLines(c.differences),
  ];
}

/** Whether every cycle was re-decided and came out the same. */
export function recomputeOk(r: RecomputeReport): boolean {
  return r.cycles.length > 0 && r.cycles.every((c) => c.outcome === 'same');
}

/** What to do about each outcome that is not a pass (one hint per outcome found). */
export function recomputeHints(r: RecomputeReport): string[] {
  const hints: string[] = [];
  if (r.cycles.some((c) => c.outcome === 'differs'))
    hints.push(
      "The frozen decision does not follow from the cycle's evidence and frozen config: it was edited after it was decided, or a perfgate with other rules decided it (compare the two versions); find out which before trusting the cycle.",
    );
  if (r.cycles.some((c) => c.outcome === 'not-recomputable'))
    hints.push(
      'A cycle that cannot be re-decided proves nothing either way: restore the file named from a published copy of the bundle and run the command again.',
    );
  return hints;
}

/** The recompute section: one block per cycle, then a verdict line. */
export function humanRecompute(r: RecomputeReport): string {
  const lines = r.cycles.flatMap((c) => cycleLines(c, r.perfgate_version));
  const differ = r.cycles.filter((c) => c.outcome === 'differs').length;
  const cannot = r.cycles.filter((c) => c.outcome === 'not-recomputable').length;
  const verdict = recomputeOk(r)
    ? `✔ every cycle re-decided the same: ${plural(r.cycles.length, 'cycle')} of ${r.kind} ${r.target}, each from its own files and frozen config at its frozen evaluation time`
    : `✖ re-deciding ${r.kind} ${r.target}: ${[
        differ ? `${differ} of ${plural(r.cycles.length, 'cycle')} re-decided differently` : '',
        cannot ? `${plural(cannot, 'cycle')} cannot be re-decided` : '',
        r.cycles.length === 0 ? 'no cycle to re-decide' : '',
      ]
        .filter(Boolean)
        .join(', ')}`;
  const hints = recomputeHints(r).map((h) => `hint: ${h}`);
  return [...lines, ...(hints.length ? ['', ...hints] : []), verdict].join('\n');
}
