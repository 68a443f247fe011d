/**
 * `items.map(fn)` with at most `limit` calls of `fn` running at once; results keep the order of
 * `items`. Bounding the fan-out keeps a large account from tripping API rate limits in the first place.
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit), items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/**
 * Reads of one kind of resource (rule targets, trails, buckets, ...) in flight at once. Small
 * enough to stay under the API rate limits of a busy account; the SDK's adaptive retry absorbs
 * the throttling that still happens.
 */
export const RESOURCE_CONCURRENCY = 8;
