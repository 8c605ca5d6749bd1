/** Failures of the emit step that a user can cause or fix (the CLI maps them to exit codes). */

export class EmitError extends Error {
  /** How to proceed. */
  readonly hint: string;
  /** `refused`: perfgate declined to overwrite something (exit 1); `failed`: nothing could be written (exit 2). */
  readonly kind: 'refused' | 'failed';
  constructor(message: string, hint: string, kind: 'refused' | 'failed' = 'failed') {
    super(message);
    this.hint = hint;
    this.kind = kind;
  }
}

/** The errno code of a Node fs error, if any. */
export function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}
