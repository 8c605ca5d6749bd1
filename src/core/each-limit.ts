/**
 * Runs `fn` over `items` with at most `limit` calls in flight. After a failure no new item is
 * started; every call in flight has ended before the first error is thrown, so nothing is still
 * writing when the caller cleans up.
 */
export async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const runner = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const settled = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, runner),
  );
  const error = settled.find((r) => r.status === 'rejected');
  if (error) throw (error as PromiseRejectedResult).reason;
}
