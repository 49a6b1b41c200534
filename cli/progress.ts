import type { FileOutcome } from '../src/modules/imports/index.js';

interface Counts {
  done: number;
  found: number;
  walking: boolean;
  imported: number;
  present: number;
  duplicates: number;
  failed: number;
}

/**
 * Import progress on stderr: a redrawn bar on a terminal, a log line every few seconds
 * otherwise (CI logs and pipes should not fill with carriage returns).
 */
export class ImportProgress {
  private readonly counts: Counts = { done: 0, found: 0, walking: true, imported: 0, present: 0, duplicates: 0, failed: 0 };
  private readonly started = Date.now();
  private lastDraw = 0;
  private readonly timer?: NodeJS.Timeout;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly tty = !!out.isTTY,
    logEveryMs = 5000,
  ) {
    if (!this.tty) {
      this.timer = setInterval(() => this.logLine(), logEveryMs);
      this.timer.unref();
    }
  }

  found(total: number, walking: boolean): void {
    this.counts.found = total;
    this.counts.walking = walking;
    this.draw();
  }

  file(outcome: FileOutcome, done: number): void {
    const c = this.counts;
    c.done = done;
    if (outcome.status === 'imported') c.imported += 1;
    else if (outcome.status === 'present') c.present += 1;
    else if (outcome.status === 'duplicate') c.duplicates += 1;
    else if (outcome.status === 'failed') c.failed += 1;
    this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tty && this.lastDraw) this.out.write('\r\x1b[2K');
  }

  private rate(): string {
    const seconds = (Date.now() - this.started) / 1000;
    return seconds > 0 ? `${(this.counts.done / seconds).toFixed(1)} files/s` : '';
  }

  private tally(): string {
    const c = this.counts;
    return `imported ${c.imported}, present ${c.present}, duplicates ${c.duplicates}, failed ${c.failed}`;
  }

  private draw(): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const c = this.counts;
    const total = Math.max(c.found, c.done);
    const share = total ? c.done / total : 0;
    const cells = 24;
    const filled = Math.round(share * cells);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}]`;
    const of = c.walking ? `${total}+` : `${total}`;
    this.out.write(`\r\x1b[2K${bar} ${c.done}/${of}  ${this.tally()}  ${this.rate()}`);
  }

  private logLine(): void {
    const c = this.counts;
    this.out.write(`import: ${c.done} of ${c.found}${c.walking ? '+' : ''} files done (${this.tally()}) ${this.rate()}\n`);
  }
}
