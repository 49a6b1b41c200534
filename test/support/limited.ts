/**
 * Runs the thunks with at most `width` in flight. node-sqlite3 waits for a busy database on
 * libuv's small thread pool, so more concurrent SQLite writers than pool threads starve the one
 * holding the lock; PostgreSQL gets them all at once.
 */
export async function inParallel<T>(thunks: (() => PromiseLike<T>)[], dialect: 'sqlite' | 'postgres'): Promise<T[]> {
  const width = dialect === 'postgres' ? thunks.length : 3;
  const results: T[] = new Array(thunks.length);
  let next = 0;
  const worker = async () => {
    while (next < thunks.length) {
      const i = next++;
      results[i] = await thunks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, thunks.length) }, worker));
  return results;
}
