interface Entry<V> {
  value: Promise<V>;
  until: number;
  settled: boolean;
  refreshing: boolean;
}

/**
 * A small map of values that expire, for the streaming path's look-ups.
 *  - Concurrent misses for one key share a single load: a player's burst of range requests, or
 *    fifty listeners arriving together, cost one query and not one each.
 *  - An entry that expired less than one lifetime ago is still answered while a single refresh
 *    runs behind it, so the requests arriving meanwhile do not all wait for that query (with
 *    fifty listeners, a refresh every few seconds that everyone waited for was the slowest 1 %
 *    of the time to first byte). A value can thus be up to one refresh older than the lifetime.
 *  - A failed load or refresh is not kept: the next request loads again and sees the error.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    if (hit && hit.settled && now < hit.until + this.ttlMs) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        const next = this.start(key, load, now);
        next.value.then(
          () => this.entries.get(key) === hit && this.entries.set(key, next),
          () => this.entries.get(key) === hit && this.entries.delete(key),
        );
      }
      return hit.value;
    }
    if (hit) this.entries.delete(key);
    else if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const entry = this.start(key, load, now);
    this.entries.set(key, entry);
    return entry.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private start(key: string, load: () => Promise<V>, now: number): Entry<V> {
    const entry: Entry<V> = { value: load(), until: now + this.ttlMs, settled: false, refreshing: false };
    entry.value.then(
      () => (entry.settled = true),
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    return entry;
  }
}
