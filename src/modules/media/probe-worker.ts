/**
 * A thread of a ProbePool (probe-pool.ts): reads, hashes, probes (and stages) the files it is
 * sent, and answers with what readAndProbe found or the reason it refused the file.
 */
import { parentPort } from 'node:worker_threads';
import { readAndProbe, type ReadAndProbed } from './probe.js';
import type { ProbeReply, ProbeRequest } from './probe-pool.js';

const port = parentPort!;
/** Answers of this turn of the event loop, posted together (one wake-up of the main thread), with the buffers they move. */
let outbox: ProbeReply[] = [];
let moved: ArrayBuffer[] = [];
const answer = (reply: ProbeReply, buffers: ArrayBuffer[] = []) => {
  moved.push(...buffers);
  if (outbox.push(reply) > 1) return;
  setImmediate(() => {
    port.postMessage(outbox, moved);
    outbox = [];
    moved = [];
  });
};

/** A buffer the answer can move: one that holds exactly these bytes and nothing else. */
const movable = (bytes: Uint8Array): Uint8Array =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();

/**
 * The file's bytes are moved to the main thread rather than copied; an embedded picture that
 * is a view into them goes along for free, any other is copied on its own.
 */
function reply(id: number, read: ReadAndProbed): void {
  const data = read.data ? movable(read.data) : null;
  const { picture } = read.probed;
  const movesAlong = data !== null && picture?.data.buffer === data.buffer;
  const probed = picture && !movesAlong ? { ...read.probed, picture: { ...picture, data: picture.data.slice() } } : read.probed;
  answer({ id, read: { ...read, data, probed } }, data ? [data.buffer as ArrayBuffer] : []);
}

/**
 * Files handled at once, in the order they came: one is parsed while the others wait for their
 * staged copy's fsync. The rest wait as paths, so a deep queue (an import's --concurrency)
 * keeps this thread busy without holding more than a few files' bytes.
 */
const AT_ONCE = 4;
const queue: ProbeRequest[] = [];
let running = 0;

function next(): void {
  while (running < AT_ONCE && queue.length > 0) {
    const { id, filePath, sizeBytes, stageIn } = queue.shift()!;
    running += 1;
    readAndProbe(filePath, sizeBytes, { stageIn })
      .then(
        (read) => reply(id, read),
        (err: NodeJS.ErrnoException) => answer({ id, failed: { name: err.name, message: err.message, ...(err.code ? { code: err.code } : {}) } }),
      )
      .finally(() => {
        running -= 1;
        next();
      });
  }
}

port.on('message', (requests: ProbeRequest[]) => {
  queue.push(...requests);
  next();
});
port.postMessage('ready');
