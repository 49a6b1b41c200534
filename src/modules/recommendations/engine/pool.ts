import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runTask, type Task } from './kernels.js';

/**
 * Where the worker's code is: the compiled .js next to this module in dist, otherwise the
 * TypeScript source loaded through tsx (tests and `tsx cli/index.ts`).
 */
function spawn(): Worker {
  const js = fileURLToPath(new URL('./engine.worker.js', import.meta.url));
  if (fs.existsSync(js)) return new Worker(js);
  // Node 20 does not carry the parent's loader hooks into workers: register tsx inside the worker first
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api');
  const ts = pathToFileURL(fileURLToPath(new URL('./engine.worker.ts', import.meta.url))).href;
  return new Worker(`require(${JSON.stringify(tsxApi)}).register(); import(${JSON.stringify(ts)});`, { eval: true });
}

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * A fixed set of worker threads (one per core by default). `run` cuts the rows into chunks
 * and hands them out as workers free up, so skewed rows (popular tracks, heavy users) do not
 * leave one core idle. With zero threads the chunks run inline.
 */
export class WorkerPool {
  private workers: Worker[] = [];
  private pending = new Map<number, Pending>();
  private seq = 0;

  constructor(readonly threads = Math.max(1, os.availableParallelism())) {
    if (threads <= 0) return;
    for (let i = 0; i < threads; i++) {
      const w = spawn();
      w.on('message', (m: { id: number; ok: boolean; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve();
        else p.reject(new Error(`worker failed: ${m.error}`));
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(w);
    }
  }

  async run(task: Task, rows: number, chunks = this.threads * 8, onChunk?: (done: number, total: number) => void): Promise<void> {
    if (rows === 0) return;
    const size = Math.max(1, Math.ceil(rows / Math.max(1, chunks)));
    const ranges: [number, number][] = [];
    for (let s = 0; s < rows; s += size) ranges.push([s, Math.min(rows, s + size)]);
    let done = 0;
    if (this.workers.length === 0) {
      for (const [s, e] of ranges) {
        runTask(task, s, e);
        onChunk?.(++done, ranges.length);
      }
      return;
    }
    let next = 0;
    const drive = async (w: Worker) => {
      while (next < ranges.length) {
        const [s, e] = ranges[next++]!;
        const id = ++this.seq;
        await new Promise<void>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          w.postMessage({ id, task, start: s, end: e });
        });
        onChunk?.(++done, ranges.length);
      }
    };
    await Promise.all(this.workers.map(drive));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
