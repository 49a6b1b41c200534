/**
 * A thread of a ProbePool (probe-pool.ts): probes the files it is sent, from their bytes or
 * their path, and answers with what probeAudio found or the reason it refused the file.
 */
import { parentPort } from 'node:worker_threads';
import { probeAudio } from './probe.js';
import type { ProbeReply, ProbeRequest } from './probe-pool.js';

const port = parentPort!;
port.on('message', ({ id, filePath, sha256, data }: ProbeRequest) => {
  probeAudio(filePath, { sha256, ...(data ? { data } : {}) }).then(
    (probed) => {
      // A copy: the picture is a view into the whole file, which the message would copy with it.
      const picture = probed.picture ? { ...probed.picture, data: probed.picture.data.slice() } : undefined;
      port.postMessage({ id, probed: { ...probed, ...(picture ? { picture } : {}) } } satisfies ProbeReply);
    },
    (err: Error) => port.postMessage({ id, failed: { name: err.name, message: err.message } } satisfies ProbeReply),
  );
});
port.postMessage('ready');
