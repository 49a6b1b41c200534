/**
 * Worker thread entry: receives a task over shared typed arrays and a row range, runs the
 * kernel, answers "done". Loaded as compiled JS from dist, or as TypeScript through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { runTask, type Task } from './kernels.js';

parentPort!.on('message', (msg: { id: number; task: Task; start: number; end: number }) => {
  try {
    runTask(msg.task, msg.start, msg.end);
    parentPort!.postMessage({ id: msg.id, ok: true });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});
