/**
 * A thread of a ProbePool (probe-pool.ts): probes the files it is sent, from their bytes or
 * their path, and answers with what probeAudio found or the reason it refused the file.
 */
import { parentPort } from 'node:worker_threads';
import { probeAudio } from './probe.js';
import type { ProbeReply, ProbeRequest } from './probe-pool.js';

const port = parentPort!;
/** Answers of this turn of the event loop, posted together (one wake-up of the main thread). */
let outbox: ProbeReply[] = [];
const answer = (reply: ProbeReply) => {
  if (outbox.push(reply) > 1) return;
  setImmediate(() => {
    port.postMessage(outbox);
    outbox = [];
  });
};

port.on('message', (requests: ProbeRequest[]) => {
  for (const { id, filePath, sha256, data } of requests) {
    probeAudio(filePath, { sha256, ...(data ? { data } : {}) }).then(
      (probed) => {
        // A copy: the picture is a view into the whole file, which the message would copy with it.
        const picture = probed.picture ? { ...probed.picture, data: probed.picture.data.slice() } : undefined;
        answer({ id, probed: { ...probed, ...(picture ? { picture } : {}) } });
      },
      (err: Error) => answer({ id, failed: { name: err.name, message: err.message } }),
    );
  }
});
port.postMessage('ready');
