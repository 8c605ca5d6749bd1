/** Diagnostics: every problem a user can cause, as data (never a thrown error). */
import type { DiagnosticCode, Severity, SeverityOf } from './diagnostic-codes.ts';

export type { DiagnosticCode, Severity, SeverityOf } from './diagnostic-codes.ts';

export interface Diagnostic {
  /** Stable machine code, e.g. `json.duplicate-key` (declared in diagnostic-codes.ts). */
  code: DiagnosticCode;
  severity: Severity;
  /** Path relative to the cycle directory (`/`-separated), or the config path as given. */
  file: string;
  /** JSON pointer into the (parsed) artifact, when the problem has one. */
  pointer?: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** What is wrong, written for a person: "Unexpected X, expected Y". */
  message: string;
  /** How to fix it. */
  hint: string;
}

/**
 * Builds a diagnostic, dropping absent location fields so JSON output stays minimal. The code must
 * be declared in diagnostic-codes.ts, and the severity be one the catalogue allows for it.
 */
export function diag<C extends DiagnosticCode>(
  code: C,
  severity: SeverityOf<C>,
  file: string,
  message: string,
  hint: string,
  at: { pointer?: string | undefined; line?: number | undefined } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity, file, message, hint };
  if (at.pointer !== undefined) d.pointer = at.pointer;
  if (at.line !== undefined) d.line = at.line;
  // Keep key order stable for byte-identical JSON output.
  return {
    code: d.code,
    severity: d.severity,
    file: d.file,
    ...(d.pointer !== undefined ? { pointer: d.pointer } : {}),
    ...(d.line !== undefined ? { line: d.line } : {}),
    message: d.message,
    hint: d.hint,
  };
}

const severityRank: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Sorts diagnostics by file, line, pointer and code so that output is deterministic. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      cmp(a.pointer ?? '', b.pointer ?? '') ||
      severityRank[a.severity] - severityRank[b.severity] ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

/** Code-unit string comparison (locale independent, deterministic). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An error or a critical problem: a diagnostic that blocks a pass (warnings and notes do not). */
export function isError(d: Pick<Diagnostic, 'severity'>): boolean {
  return d.severity === 'error' || d.severity === 'critical';
}

/** Does any diagnostic block a pass? */
export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some(isError);
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function pointerSegment(s: string | number): string {
  return String(s).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function pointerOf(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + pointerSegment(s)).join('');
}
