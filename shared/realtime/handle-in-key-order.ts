/**
 * Handles a stream batch with each key's records in order (one conversation's messages must reach
 * agents and WeChat in the order written) and different keys at once (a crowd of customers arriving
 * together must not wait for each other). A failure stops the rest of its key; the other keys go on.
 * Returns the index of the earliest failed record, from which the batch is retried (what follows it
 * is handled again, so handling must be idempotent), or undefined when all succeeded.
 */
export async function handleInKeyOrder<T>(
  records: readonly T[],
  keyOf: (record: T) => string,
  handle: (record: T) => Promise<void>,
  onFailure: (record: T, error: unknown) => void,
): Promise<number | undefined> {
  const indexesByKey = new Map<string, number[]>();
  for (const [index, record] of records.entries()) {
    const key = keyOf(record);
    indexesByKey.set(key, [...(indexesByKey.get(key) ?? []), index]);
  }
  const failures = await Promise.all(
    [...indexesByKey.values()].map(async (indexes) => {
      for (const index of indexes) {
        const record = records[index] as T;
        try {
          await handle(record);
        } catch (error) {
          onFailure(record, error);
          return index;
        }
      }
      return undefined;
    }),
  );
  const failed = failures.filter((index): index is number => index !== undefined);
  return failed.length > 0 ? Math.min(...failed) : undefined;
}
