/** What every cross-file rule gets: the cycle, its schema-valid artifacts and a reporter. */
import { diag, type Diagnostic, type DiagnosticCode, type SeverityOf } from '../../diagnostics.ts';
import { lineOf } from '../../load/json.ts';
import type { LoadedArtifact, LoadedCycle } from '../../load/cycle.ts';
import type { ValidLoaded } from '../validated.ts';

/** The artifacts whose schema passed, typed: a rule reads their data without a cast. */
export type Valid = ValidLoaded;

/** At most this many names in a hint; the rest are counted ("and 3990 more"). */
export const MAX_HINT_NAMES = 10;

/** `a`, `b` and 3 more: a list whose size does not grow with the input. */
export function nameList(names: readonly string[], max = MAX_HINT_NAMES): string {
  const shown = names.slice(0, max).map((n) => `\`${n}\``);
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

/**
 * The severity argument of `Reporter.error`: optional (`error`) for a code the catalogue allows as an
 * error, required for any other.
 */
export type SeverityArg<C extends DiagnosticCode> =
  'error' extends SeverityOf<C> ? [severity?: SeverityOf<C>] : [severity: SeverityOf<C>];

export class Reporter {
  readonly out: Diagnostic[] = [];
  error<C extends DiagnosticCode>(
    a: LoadedArtifact,
    code: C,
    pointer: string,
    message: string,
    hint: string,
    ...[severity]: SeverityArg<C>
  ): void {
    this.out.push(
      diag(code, severity ?? ('error' as SeverityOf<C>), a.file, message, hint, {
        pointer,
        line: lineOf(a.lines, pointer),
      }),
    );
  }
}

export interface RuleContext {
  r: Reporter;
  cycle: LoadedCycle;
  valid: Valid;
  /** Paths of every file in the cycle directory. */
  files: Set<string>;
  /** Reports a service the intake does not declare (nothing when there is no valid intake). */
  known(a: LoadedArtifact, pointer: string, service: string, what: string): void;
}

/** A cross-file rule: what no single schema can say. */
export type Rule = (ctx: RuleContext) => void;

/** Builds the context the rules share. */
export function ruleContext(cycle: LoadedCycle, valid: Valid): RuleContext {
  const r = new Reporter();
  const intake = valid['performance-intake-report']?.data;
  const services = intake ? new Set(intake.services.map((s) => s.name)) : undefined;
  return {
    r,
    cycle,
    valid,
    files: new Set(cycle.files.map((f) => f.path)),
    known(a, pointer, service, what) {
      if (!services || services.has(service)) return;
      r.error(
        a,
        'ref.unknown-service',
        pointer,
        `Unexpected service \`${service}\` in ${what}: it is not a service of the intake report`,
        `Use one of ${nameList([...services])}, or add the service to performance-intake-report.json.`,
      );
    },
  };
}

/** Index -> duplicated key, for every item whose key an earlier item already had. */
export function duplicates<T>(items: readonly T[], key: (t: T) => string): Map<number, string> {
  const seen = new Set<string>();
  const dups = new Map<number, string>();
  items.forEach((it, i) => {
    const k = key(it);
    if (seen.has(k)) dups.set(i, k);
    seen.add(k);
  });
  return dups;
}
