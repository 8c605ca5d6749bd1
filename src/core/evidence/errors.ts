import { PerfgateError } from '../errors.ts';

/** A failure to read or write evidence that a user can cause or fix. */
export class EmitError extends PerfgateError {
  /** `refused`: perfgate declined to overwrite something (exit 1); `failed`: nothing could be written (exit 2). */
  readonly kind: 'refused' | 'failed';
  constructor(message: string, hint: string, kind: 'refused' | 'failed' = 'failed') {
    super(message, hint, kind === 'refused' ? 1 : 2);
    this.kind = kind;
  }
}

/** The errno code of a Node fs error, if any. */
export function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}
