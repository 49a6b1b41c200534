import http from 'node:http';

/** An open server-sent event stream, collecting the data lines of its events. */
export function openEventStream(url: string, headers: Record<string, string> = {}) {
  const data: string[] = [];
  let ended = false;
  const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } });
  const opened = new Promise<void>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('end', () => (ended = true));
      res.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.startsWith('data: ')) data.push(line.slice(6));
      });
      resolve();
    });
  });
  return { data, opened, close: () => req.destroy(), ended: () => ended };
}
