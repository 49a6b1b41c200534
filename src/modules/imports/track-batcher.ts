/**
 * Collects prepared files and hands them to `write` a batch at a time, `inFlight` batches at once
 * (the writer serialises what must not overlap). Batches start small and double up to `max`, so a short import (or a killed one) still
 * commits early and progress shows from the start; a file never waits more than `maxWaitMs`
 * for its batch to fill. `write` settles every item of its batch itself and never rejects.
 */
export class TrackBatcher<T> {
  /** Items with the time each came: the timer runs from the oldest one's. */
  private queue: { item: T; at: number }[] = [];
  private size: number;
  private readonly flushing = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private draining = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly opts: { first: number; max: number; maxWaitMs: number; inFlight: number },
  ) {
    this.size = opts.first;
  }

  add(item: T): void {
    this.queue.push({ item, at: Date.now() });
    this.flush(false);
    this.arm();
  }

  /** Resolves when the queue has room: preparing files must not run far ahead of the database. */
  async room(): Promise<void> {
    while (this.queue.length >= 2 * this.opts.max) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Writes everything still queued; resolves when the last batch is done. */
  async drain(): Promise<void> {
    this.draining = true;
    this.flush(true);
    while (this.flushing.size > 0) await Promise.all(this.flushing);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(force: boolean): void {
    while (this.flushing.size < this.opts.inFlight && this.queue.length > 0 && (force || this.draining || this.queue.length >= this.size)) {
      const batch = this.queue.splice(0, this.size).map((q) => q.item);
      // The files the timer was set for went: it is set again for the oldest of the rest.
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.size = Math.min(this.size * 2, this.opts.max);
      for (const wake of this.waiters.splice(0)) wake();
      const flushing: Promise<void> = this.write(batch).finally(() => {
        this.flushing.delete(flushing);
        this.flush(false);
        this.arm();
      });
      this.flushing.add(flushing);
    }
  }

  /** Files left waiting get written within maxWaitMs even if no more come. */
  private arm(): void {
    if (this.timer || this.queue.length === 0 || this.draining) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.flush(true);
        this.arm();
      },
      Math.max(0, this.queue[0]!.at + this.opts.maxWaitMs - Date.now()),
    );
  }
}
