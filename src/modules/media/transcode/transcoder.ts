import type { Readable } from 'node:stream';
import type { Logger } from '../../../shared/logger.js';
import { BusyError } from '../../../shared/errors.js';
import { ffmpegRuns } from './ffmpeg.js';
import { ENCODINGS, type Encoding } from './formats.js';
import { Encode } from './encode.js';
import type { CachedEncode, TranscodeCache } from './transcode-cache.js';

export interface TranscoderDeps {
  ffmpegPath: string;
  cache: TranscodeCache;
  /** ffmpeg processes at once; past it a new encode is refused (BusyError), joining a running one is not. */
  maxConcurrent: number;
  logger: Logger;
}

/** The stored audio to encode. */
export interface TranscodeInput {
  sha256: string;
  /** A local path ffmpeg can read (and seek in), or null to feed it through stdin. */
  localPath: string | null;
  open(): Readable;
}

export interface TranscodeJob {
  encoding: Encoding;
  kbps: number;
  offsetSeconds: number;
}

export type Transcoded = { kind: 'cached'; file: CachedEncode; name: string } | { kind: 'live'; body: Readable };

/** How long a refused client is told to wait: encodes of a track take seconds, not minutes. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Encodes stored audio with ffmpeg: a finished encode comes from the cache (with ranges, like a
 * stored file); otherwise one encode per (audio, encoding, bitrate) runs, streamed to every
 * request for it while it is written, then kept in the cache. A start offset (timeOffset) is a
 * one-off encode, streamed and not kept.
 */
export class Transcoder {
  private availability: Promise<boolean> | null = null;
  private readonly encodes = new Map<string, Encode>();
  private running = 0;

  constructor(private readonly d: TranscoderDeps) {}

  /** Whether ffmpeg can be run; asked once, and said once in the log when it cannot. */
  available(): Promise<boolean> {
    this.availability ??= ffmpegRuns(this.d.ffmpegPath).then((ok) => {
      if (!ok) this.d.logger.warn({ ffmpegPath: this.d.ffmpegPath }, 'ffmpeg not found: audio is streamed as stored, without transcoding');
      return ok;
    });
    return this.availability;
  }

  /** ffmpeg processes running now. */
  get active(): number {
    return this.running;
  }

  static cacheName(sha256: string, encoding: Encoding, kbps: number): string {
    return `${sha256}.${kbps}k.${ENCODINGS[encoding].ext}`;
  }

  /** A finished encode of the job, without starting one (HEAD); null when there is none. */
  async cached(input: TranscodeInput, job: TranscodeJob): Promise<Transcoded | null> {
    if (job.offsetSeconds > 0) return null;
    const name = Transcoder.cacheName(input.sha256, job.encoding, job.kbps);
    const file = await this.d.cache.lookup(name);
    return file && { kind: 'cached', file, name };
  }

  /** A cached encode's file was gone when opened (another process evicted it): the next open encodes again. */
  forget(name: string): void {
    this.d.cache.forget(name);
  }

  /** The job's encode: finished from the cache, else streamed while ffmpeg writes it (BusyError past the bound). */
  async open(input: TranscodeInput, job: TranscodeJob): Promise<Transcoded> {
    if (job.offsetSeconds > 0) return this.live(this.start(input, job, null));
    const cached = await this.cached(input, job);
    if (cached) return cached;
    const name = Transcoder.cacheName(input.sha256, job.encoding, job.kbps);
    let encode = this.encodes.get(name);
    // An encode killed when its last listener left (or just finished) stays in the map until it
    // has settled; a request in that moment starts afresh instead of joining it.
    if (!encode?.joinable) {
      encode = this.start(input, job, name);
      this.encodes.set(name, encode);
      const started = encode;
      void started.settled().then(() => this.encodes.get(name) === started && this.encodes.delete(name));
    }
    return this.live(encode);
  }

  private async live(encode: Encode): Promise<Transcoded> {
    const body = encode.reader();
    try {
      await encode.firstBytes();
    } catch (err) {
      body.destroy();
      throw err;
    }
    return { kind: 'live', body };
  }

  /** A new encode, kept in the cache under `name` when it has one; refused past the bound. */
  private start(input: TranscodeInput, job: TranscodeJob, name: string | null): Encode {
    if (this.running >= this.d.maxConcurrent) {
      throw new BusyError(`The server is transcoding as many streams as it may (${this.d.maxConcurrent}); try again shortly`, RETRY_AFTER_SECONDS);
    }
    this.running++;
    let released = false;
    return new Encode({
      ffmpegPath: this.d.ffmpegPath,
      job: { input: input.localPath, ...job },
      openInput: () => input.open(),
      partial: this.d.cache.partialPath(name ?? `${input.sha256}.offset`),
      complete: name ? (partial) => this.d.cache.commit(partial, name) : undefined,
      released: () => {
        if (released) return;
        released = true;
        this.running--;
      },
      logger: this.d.logger,
    });
  }
}
