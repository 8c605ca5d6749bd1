/**
 * The one error a person can cause or fix (a bad flag, a file perfgate will not overwrite, an input it
 * cannot read, a store it cannot reach): what went wrong, where, how to fix it, and the protocol's exit
 * code (1 the input is wrong or perfgate refused; 2 a prerequisite is missing or nothing could be done).
 * The CLI prints every one the same way, with no stack trace; anything else is a bug in perfgate.
 * Kinds that carry more for their callers (EmitError, StoreError, the load-test ImportError) extend it.
 */
export class PerfgateError extends Error {
  /** How to proceed, as one sentence or two. */
  readonly hint: string;
  readonly exitCode: 1 | 2;
  /** Where the problem is (a file, `file:line`), printed before the message; undefined when nowhere. */
  readonly location: string | undefined;
  constructor(message: string, hint: string, exitCode: 1 | 2 = 2, location?: string) {
    super(message);
    this.hint = hint;
    this.exitCode = exitCode;
    this.location = location;
  }
  /** `location: message`, as compilers print it; the message alone when there is no location. */
  located(): string {
    return this.location === undefined ? this.message : `${this.location}: ${this.message}`;
  }
}
