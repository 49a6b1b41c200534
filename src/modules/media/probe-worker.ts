/**
 * A thread of a ProbePool (probe-pool.ts): reads, hashes, probes (and stages) the files it is
 * sent, and answers with what readAndProbe found or the reason it refused the file.
 */
import { parentPort } from 'node:worker_threads';
import { READ_WHOLE_BELOW, readAndProbe, type ReadAndProbed } from './probe.js';
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
 * The file's bytes are moved to the main thread rather than copied. An embedded picture that is
 * a view into them goes along for free; one with a buffer of its own (readAndProbe copies it out
 * of bytes it stages) is moved too; any other view is copied on its own.
 */
function reply(id: number, read: ReadAndProbed): void {
  const data = read.data ? movable(read.data) : null;
  const buffers = data ? [data.buffer as ArrayBuffer] : [];
  let { probed } = read;
  const { picture } = probed;
  if (picture && picture.data.buffer !== data?.buffer) {
    const own = movable(picture.data);
    buffers.push(own.buffer as ArrayBuffer);
    probed = { ...probed, picture: { ...picture, data: own } };
  }
  answer({ id, read: { ...read, data, probed } }, buffers);
}

/**
 * Files read, parsed and written at once, in the order they came: a batch of small files is
 * parsed with one wake-up of this thread and one message back, large ones are bounded by
 * their bytes (BYTES_AT_ONCE; one larger still goes alone). A file whose staged copy is
 * written no longer counts: its fsync, on libuv's pool that the main thread's directory syncs
 * share, may wait behind a batch's worth of them, and the thread goes on meanwhile, up to
 * SYNCING files awaiting theirs (each holds a descriptor, not its bytes). The rest wait as
 * paths, so a deep queue (an import's --concurrency) keeps this thread busy without holding
 * more than these files' bytes.
 */
const AT_ONCE = 16;
const BYTES_AT_ONCE = 24 * 1024 * 1024;
const SYNCING = 64;
const queue: ProbeRequest[] = [];
let running = 0;
let runningBytes = 0;
let syncing = 0;

/** What a file holds in memory while it is read and parsed: files read whole, their size. */
const weightOf = (r: ProbeRequest) => (r.sizeBytes < READ_WHOLE_BELOW ? r.sizeBytes : 0);

function next(): void {
  while (queue.length > 0 && running < AT_ONCE && syncing < SYNCING) {
    const weight = weightOf(queue[0]!);
    if (running > 0 && runningBytes + weight > BYTES_AT_ONCE) return;
    const { id, filePath, sizeBytes, stageIn } = queue.shift()!;
    running += 1;
    runningBytes += weight;
    let written = false;
    const onStaged = () => {
      written = true;
      running -= 1;
      runningBytes -= weight;
      syncing += 1;
      next();
    };
    readAndProbe(filePath, sizeBytes, { stageIn, onStaged })
      .then(
        (read) => reply(id, read),
        (err: NodeJS.ErrnoException) => answer({ id, failed: { name: err.name, message: err.message, ...(err.code ? { code: err.code } : {}) } }),
      )
      .finally(() => {
        if (written) syncing -= 1;
        else {
          running -= 1;
          runningBytes -= weight;
        }
        next();
      });
  }
}

port.on('message', (requests: ProbeRequest[]) => {
  queue.push(...requests);
  next();
});
port.postMessage('ready');
