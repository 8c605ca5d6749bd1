/**
 * The words of a decision, one source for the CLI, the job summary and pull-request comment, the
 * report, report.html and the site: what a gate's and a criterion's status is called, what a cycle's
 * verdict is called, and how many gates or criteria passed ("3 of 4 gates pass, 1 waived"). Imports
 * nothing, so that a page's script may use it too.
 */

export type Status =
  'pass' | 'fail' | 'waived' | 'pending' | 'not_evaluable' | 'expired' | 'applied' | 'unused';

/** A cycle's verdict: every gate passed; passed with a waived gate; a gate failed; a gate is pending. */
export type Verdict = 'pass' | 'waived' | 'fail' | 'in_progress';

export const STATUS: Readonly<Record<Status, { icon: string; label: string }>> = {
  pass: { icon: '✔', label: 'Pass' },
  fail: { icon: '✖', label: 'Fail' },
  waived: { icon: '◐', label: 'Waived' },
  pending: { icon: '◌', label: 'Pending' },
  not_evaluable: { icon: '?', label: 'Not evaluable' },
  expired: { icon: '⌛', label: 'Expired' },
  applied: { icon: '◐', label: 'Applied' },
  unused: { icon: '–', label: 'Not needed' },
};

export const VERDICT: Readonly<Record<Verdict, { icon: string; label: string; tone: Status }>> = {
  pass: { icon: '✔', label: 'All gates passed', tone: 'pass' },
  waived: { icon: '◐', label: 'Passed with waivers', tone: 'waived' },
  fail: { icon: '✖', label: 'A gate failed', tone: 'fail' },
  in_progress: { icon: '◌', label: 'In progress', tone: 'pending' },
};

/** What stops a decision before the gates (exit code 2, or an artifact that did not validate). */
export const BLOCKED = {
  prerequisites: { icon: '⛔', label: 'Prerequisites missing', tone: 'fail' },
  validation: { icon: '✖', label: 'Validation failed', tone: 'fail' },
} as const satisfies Record<string, { icon: string; label: string; tone: Status }>;

/** The verdict of a cycle from its gates: a failed gate decides, then a pending one, then a waived one. */
export function cycleVerdict(gates: readonly { status: string }[]): Verdict {
  if (gates.some((g) => g.status === 'fail')) return 'fail';
  if (gates.some((g) => g.status === 'pending')) return 'in_progress';
  return gates.some((g) => g.status === 'waived') ? 'waived' : 'pass';
}

/** A status's label; the status as written when it is not one of perfgate's. */
export function statusLabel(s: string): string {
  return (STATUS as Record<string, { label: string } | undefined>)[s]?.label ?? s;
}

/**
 * How many of a set passed, then the others by status, in one order everywhere:
 * `3 of 4 gates pass, 1 waived`, `2 of 2 criteria pass`, `1 of 4 gates pass, 1 failed, 2 pending`.
 * A waived gate or criterion is counted apart from the passed ones (it passed only by the waiver).
 */
export function tally(items: readonly { status: string }[], noun: 'gate' | 'criterion'): string {
  const count = (s: string) => items.filter((i) => i.status === s).length;
  const others: [number, string][] = [
    [count('waived'), 'waived'],
    [count('fail'), 'failed'],
    [count('not_evaluable'), 'not evaluable'],
    [count('pending'), 'pending'],
  ];
  const named = count('pass') + others.reduce((sum, [k]) => sum + k, 0);
  others.push([items.length - named, 'other']);
  const one = items.length === 1;
  const head = `${count('pass')} of ${items.length} ${one ? noun : noun === 'gate' ? 'gates' : 'criteria'} ${one ? 'passes' : 'pass'}`;
  return [head, ...others.filter(([k]) => k > 0).map(([k, word]) => `${k} ${word}`)].join(', ');
}

/** The protocol's names of its four phases (protocol 18, section 3): the one list of them. */
export const PHASE_TITLES: Readonly<Record<1 | 2 | 3 | 4, string>> = {
  1: 'Intake, Baseline, and Hypothesis Framing',
  2: 'Diagnostics and Load Simulation',
  3: 'Optimization Implementation and Verification',
  4: 'Governance, Communication, and Handoff',
};

/** The phase a cycle has reached, as every page and the offline report name it. */
export const PHASES: Readonly<Record<number, string>> = {
  0: 'not started',
  ...Object.fromEntries(Object.entries(PHASE_TITLES).map(([n, title]) => [n, `Phase ${n} · ${title}`])),
};

/** A criterion or gate id for people: `baseline_completeness` -> `Baseline completeness`. */
export function humanize(id: string): string {
  const s = id
    .replace(/_/g, ' ')
    .replace(/\b(kpi|slo|pct|sli)\b/g, (w) => (w === 'pct' ? '%' : w.toUpperCase()));
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * What a decision is called, with its gate tally: the verdict of the gates (the site's words), or
 * what stopped the decision before them. A cycle whose only critical problems are the artifacts of
 * phases it has not reached is "In progress", as the site says, though `gates` exits 2 for it; any
 * other critical problem is "Prerequisites missing"; an error diagnostic that fails the run is
 * "Validation failed" (an artifact that did not validate also fails the gates that read it).
 */
export function decisionWords(
  exitCode: number,
  gates: readonly { status: string }[],
  diagnostics: readonly { severity: string; code: string }[],
): { icon: string; label: string; tone: Status; tally: string } {
  const verdict = cycleVerdict(gates);
  const critical = diagnostics.filter((d) => d.severity === 'critical');
  const notReached = verdict === 'in_progress' && critical.every((d) => d.code === 'prereq.missing-artifact');
  const words =
    exitCode === 2 && !notReached
      ? BLOCKED.prerequisites
      : exitCode !== 0 && !notReached && diagnostics.some((d) => d.severity === 'error')
        ? BLOCKED.validation
        : VERDICT[verdict];
  return { ...words, tally: tally(gates, 'gate') };
}
