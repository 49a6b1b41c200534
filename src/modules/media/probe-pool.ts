import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { InvalidError, UnsupportedMediaError } from '../../shared/errors.js';
import type { ReadAndProbed } from './probe.js';

export interface ProbeRequest {
  id: number;
  filePath: string;
  sizeBytes: number;
  stageIn?: string;
}

export interface ProbeFailure {
  name: string;
  message: string;
  /** A file system error's code (ENOENT, EACCES...). */
  code?: string;
}

export type ProbeReply = { id: number; read: ReadAndProbed; failed?: undefined } | { id: number; failed: ProbeFailure; read?: undefined };

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (r: ReadAndProbed) => void; reject: (err: Error) => void }>;
  /** Requests of this turn of the event loop, posted together: one wake-up of the thread instead of one each. */
  outbox: ProbeRequest[];
}

/** Errors keep their type (probeAudio's) or their code (the file system's) across the thread boundary. */
const rebuild = ({ name, message, code }: ProbeFailure): Error => {
  if (name === 'UnsupportedMediaError') return new UnsupportedMediaError(message);
  if (name === 'InvalidError') return new InvalidError(message);
  return Object.assign(new Error(message), code ? { code } : {});
};

/**
 * readAndProbe on worker threads, for bulk imports: reading, hashing and above all parsing are
 * most of an import's CPU, and threads of their own let them run beside the main thread's
 * storing and database work. The bytes come back moved, not copied. Same answers and errors as
 * readAndProbe; files go to the thread with the fewest waiting. A thread that dies fails the
 * files it held and is replaced.
 */
export class ProbePool {
  private readonly threads: Thread[] = [];
  private nextId = 0;
  private closing = false;
  /** The replacement of a thread that died, while it starts: files wait for it rather than fail. */
  private replacing: Promise<void> | null = null;

  private constructor(private readonly script?: URL) {}

  /** `script`: the worker to run instead of the build's (a test's own bundle). */
  static async start(count: number, opts: { script?: URL } = {}): Promise<ProbePool> {
    const pool = new ProbePool(opts.script);
    try {
      await Promise.all(Array.from({ length: count }, () => pool.spawn()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  readAndProbe(filePath: string, sizeBytes: number, opts: { stageIn?: string } = {}): Promise<ReadAndProbed> {
    const thread = this.threads.reduce<Thread | undefined>((best, t) => (!best || t.pending.size < best.pending.size ? t : best), undefined);
    if (!thread) {
      if (!this.replacing) return Promise.reject(new Error('no probing thread is running'));
      return this.replacing.then(() => this.readAndProbe(filePath, sizeBytes, opts));
    }
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      if (thread.outbox.push({ id, filePath, sizeBytes, ...opts }) === 1) {
        setImmediate(() => thread.worker.postMessage(thread.outbox.splice(0)));
      }
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.splice(0).map((t) => t.worker.terminate()));
  }

  private spawn(): Promise<void> {
    const thread: Thread = { worker: this.script ? new Worker(this.script) : startWorker(), pending: new Map(), outbox: [] };
    return new Promise((ready, failed) => {
      let started = false;
      thread.worker.on('message', (msg: ProbeReply[] | 'ready') => {
        if (msg === 'ready') {
          started = true;
          this.threads.push(thread);
          return ready();
        }
        for (const reply of msg) {
          const waiting = thread.pending.get(reply.id);
          thread.pending.delete(reply.id);
          if (reply.read) waiting?.resolve(reply.read);
          else waiting?.reject(rebuild(reply.failed));
        }
      });
      let gone = false;
      const onGone = (err: Error) => {
        if (gone) return;
        gone = true;
        if (!started) return failed(new Error(`a probing thread could not start: ${err.message}`));
        this.threads.splice(this.threads.indexOf(thread), 1);
        for (const { reject } of thread.pending.values()) reject(new Error(`the probing thread stopped: ${err.message}`));
        if (this.closing) return;
        const replacing: Promise<void> = this.spawn()
          .catch(() => undefined)
          .finally(() => {
            if (this.replacing === replacing) this.replacing = null;
          });
        this.replacing = replacing;
      };
      thread.worker.on('error', onGone);
      thread.worker.on('exit', (code) => onGone(new Error(`exit code ${code}`)));
    });
  }
}

/**
 * The worker from the build, as one bundled file (npm run build:worker) when it is at least as
 * new as the modules it bundles: a thread then starts in half the time and CPU, without
 * resolving and compiling music-metadata's hundred-odd modules one by one. Else the modules
 * themselves, or, from the TypeScript sources, through tsx's loader (which a worker does not inherit).
 */
function startWorker(): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(bundleIfFresh(new URL('./probe-worker.bundle.js', self), new URL('./probe-worker.js', self)));
  const entry = new URL('./probe-worker.ts', self).href;
  return new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

function bundleIfFresh(bundle: URL, modules: URL): URL {
  const mtime = (url: URL) => fs.statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  return mtime(bundle) >= mtime(modules) ? bundle : modules;
}
