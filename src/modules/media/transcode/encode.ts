import fs from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../../../shared/logger.js';
import { spawnEncoder, type EncodeJob } from './ffmpeg.js';

/** How much of ffmpeg's stderr is kept for the log when an encode fails. */
const STDERR_TAIL = 4096;
/** Bytes read per step by a reader following the encode. */
const CHUNK = 64 * 1024;

export interface EncodeOptions {
  ffmpegPath: string;
  job: EncodeJob;
  /** The input's bytes when the job has no local file to read. */
  openInput(): Readable;
  /** Where the encode is written while it runs. */
  partial: Promise<string>;
  /** Called once the encode is complete, with the partial file still in place (rename it to keep it); none: not kept. */
  complete?(partial: string): Promise<void>;
  /** Called once, when ffmpeg has exited (or never started): the concurrency slot is free again. */
  released(): void;
  logger: Logger;
}

type Outcome = 'running' | 'done' | 'failed' | 'aborted';

/**
 * One ffmpeg run writing to a partial file, read while it grows by any number of readers (the
 * first play, and any other request for the same encode meanwhile). The file is opened read-write
 * once: ffmpeg's output goes in by positional writes, readers take it out by positional reads,
 * so the file may be renamed into the cache, or unlinked, without disturbing either. When the
 * last reader leaves before the end, ffmpeg is killed: nobody is listening any more.
 */
export class Encode {
  private fd: number | null = null;
  private child: ChildProcess | null = null;
  private written = 0;
  private outcome: Outcome = 'running';
  private failure: Error | null = null;
  private readers = 0;
  private readonly waiting = new Set<() => void>();
  private readonly finished: Promise<void>;

  constructor(private readonly o: EncodeOptions) {
    this.finished = this.run();
  }

  /** Whether a new reader may still join: ffmpeg runs (a killed, failed or finished run has let go of its file). */
  get joinable(): boolean {
    return this.outcome === 'running';
  }

  /** A stream of the encode from its first byte; it ends when the encode does. */
  reader(): Readable {
    this.readers++;
    return new EncodeReader(this);
  }

  /** Resolves once there are bytes to send (or the encode is complete); rejects if it failed first. */
  async firstBytes(): Promise<void> {
    while (this.written === 0 && this.outcome === 'running') await new Promise<void>((resolve) => this.wait(resolve));
    if (this.written === 0 && this.outcome !== 'done') throw this.failure ?? new Error('transcode aborted');
  }

  /** For tests and shutdown: resolves when ffmpeg has exited and the file is settled. */
  settled(): Promise<void> {
    return this.finished;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  // ---- for EncodeReader -------------------------------------------------------------------

  state(): { fd: number | null; written: number; outcome: Outcome; failure: Error | null } {
    return { fd: this.fd, written: this.written, outcome: this.outcome, failure: this.failure };
  }

  wait(wake: () => void): void {
    this.waiting.add(wake);
  }

  unwait(wake: () => void): void {
    this.waiting.delete(wake);
  }

  leave(): void {
    this.readers--;
    if (this.readers > 0) return;
    if (this.outcome === 'running') {
      this.outcome = 'aborted';
      this.child?.kill('SIGKILL');
    } else {
      this.closeFile();
    }
  }

  // ---- the run ----------------------------------------------------------------------------

  private notify(): void {
    const woken = [...this.waiting];
    this.waiting.clear();
    for (const wake of woken) wake();
  }

  private async run(): Promise<void> {
    let partial: string | null = null;
    let stderr = '';
    try {
      partial = await this.o.partial;
      this.fd = await new Promise<number>((resolve, reject) => fs.open(partial!, 'wx+', (err, fd) => (err ? reject(err) : resolve(fd))));
      if (!this.o.complete) {
        // Not to be kept: the name goes now, the open descriptor holds the bytes.
        await fs.promises.unlink(partial);
        partial = null;
      }
      if (this.outcome !== 'running') return;
      const child = spawnEncoder(this.o.ffmpegPath, this.o.job);
      this.child = child;
      const exited = new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve(code));
      });
      child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-STDERR_TAIL)));
      if (child.stdin) {
        // ffmpeg may stop reading (killed, or it has what it needs): its stdin closing is not an error here.
        child.stdin.on('error', () => undefined);
        pipeline(this.o.openInput(), child.stdin).catch(() => undefined);
      }
      const fd = this.fd;
      const sink = new Writable({
        write: (chunk: Buffer, _enc, cb) => {
          writeAll(fd, chunk, this.written, (err) => {
            if (!err) {
              this.written += chunk.length;
              this.notify();
            }
            cb(err);
          });
        },
      });
      const [code] = await Promise.all([exited, pipeline(child.stdout!, sink).catch((err: unknown) => err)]);
      if (this.outcome !== 'running') return;
      if (code !== 0) throw new Error(`ffmpeg exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
      await new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
      if (this.o.complete && partial) {
        const kept = partial;
        await this.o.complete(kept).then(
          () => (partial = null),
          (err: unknown) => this.o.logger.warn({ err }, 'finished transcode not kept'),
        );
      }
      this.outcome = 'done';
    } catch (err) {
      if (this.outcome === 'running') {
        this.outcome = 'failed';
        this.failure = err as Error;
        this.o.logger.warn({ err, job: this.o.job }, 'transcode failed');
      }
    } finally {
      // Not complete (failed or aborted), or not kept: the name goes, open readers keep the bytes.
      if (partial) await fs.promises.unlink(partial).catch(() => undefined);
      if (this.readers === 0) this.closeFile();
      this.o.released();
      this.notify();
    }
  }

  private closeFile(): void {
    if (this.fd === null || this.outcome === 'running') return;
    const fd = this.fd;
    this.fd = null;
    fs.close(fd, () => undefined);
  }
}

function writeAll(fd: number, chunk: Buffer, position: number, cb: (err: Error | null) => void): void {
  fs.write(fd, chunk, 0, chunk.length, position, (err, n) => {
    if (err) return cb(err);
    if (n < chunk.length) return writeAll(fd, chunk.subarray(n), position + n, cb);
    cb(null);
  });
}

/** Follows an Encode's file from the start: reads what is written, waits for more, ends with it. */
class EncodeReader extends Readable {
  private pos = 0;
  private reading = false;
  private left = false;

  constructor(private readonly encode: Encode) {
    super({ highWaterMark: CHUNK });
  }

  override _read(): void {
    this.pump();
  }

  private readonly pump = (): void => {
    if (this.destroyed || this.reading) return;
    const { fd, written, outcome, failure } = this.encode.state();
    if (fd !== null && this.pos < written) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, written - this.pos));
      this.reading = true;
      fs.read(fd, buffer, 0, buffer.length, this.pos, (err, n) => {
        this.reading = false;
        if (this.destroyed) return this.leave();
        if (err) return this.destroy(err);
        this.pos += n;
        this.push(buffer.subarray(0, n));
      });
    } else if (outcome === 'done') this.push(null);
    else if (outcome === 'running') this.encode.wait(this.pump);
    else this.destroy(failure ?? new Error('transcode aborted'));
  };

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.encode.unwait(this.pump);
    // A read in flight still uses the file: leave once it has returned.
    if (!this.reading) this.leave();
    cb(err);
  }

  private leave(): void {
    if (this.left) return;
    this.left = true;
    this.encode.leave();
  }
}
