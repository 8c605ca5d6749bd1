/**
 * Fixed fast-check seeds: every property runs with the seed its test names, so CI is repeatable;
 * FC_SEED overrides it for exploring (fast-check prints the seed and path of a failure to replay it).
 */

/** The seed to run with: FC_SEED when set to an integer, else the test's own fixed seed. */
export function fcSeed(fixed: number): number {
  const env = process.env.FC_SEED;
  if (env === undefined || env === '') return fixed;
  const n = Number(env);
  if (!Number.isSafeInteger(n)) throw new Error(`FC_SEED=${env} is not an integer seed`);
  return n;
}

/** fast-check parameters with the fixed (or FC_SEED) seed. */
export function fcParams<T extends object>(fixed: number, rest: T): T & { seed: number } {
  return { ...rest, seed: fcSeed(fixed) };
}
