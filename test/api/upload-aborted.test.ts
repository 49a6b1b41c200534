import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { createContainer, type Container } from '../../src/container.js';
import { createApp } from '../../src/http/app.js';
import { MemoryMailer } from '../../src/shared/mailer.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { testDatabaseUrl } from '../support/database.js';
import { truncateAll } from '../support/context.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';

/** Every log line of the server, parsed. */
const lines: { level: number; msg: string }[] = [];
const capture = new Writable({
  write(chunk: Buffer, _enc, cb) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string });
    cb();
  },
});

let container: Container;
let server: http.Server;
let port: number;
let token: string;
let dataDir: string;

beforeAll(async () => {
  const db = await testDatabaseUrl();
  dataDir = db.dataDir;
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'info', DATA_DIR: db.dataDir, DATABASE_URL: db.url,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789', PASSWORD_HASH_MEMORY_KIB: '1024', DB_POOL_MAX: '5',
  });
  container = createContainer(config, { mailer: new MemoryMailer(), logger: pino({ level: 'info' }, capture) });
  await container.db.migrate();
  await truncateAll(container.db);
  server = http.createServer(createApp(container, { validateResponses: true }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
  const password = 'an admin password long enough';
  await container.services.users.create(SYSTEM, { email: 'abort-admin@example.com', username: 'abortadmin', password, role: 'admin' });
  token = (await container.services.auth.login({ login: 'abortadmin', password })).accessToken;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await container.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Sends the headers and the first part of a multipart upload, then closes the connection. */
function abortMidBody(): Promise<void> {
  const audio = fs.readFileSync(path.join(AUDIO_FIXTURES, 'long/long-60s.mp3'));
  const boundary = 'rhythmo-abort-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="long.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n`;
  const length = head.length + audio.length + `\r\n--${boundary}--\r\n`.length;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        `POST /api/tracks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\n\r\n${head}`,
      );
      socket.write(audio.subarray(0, audio.length / 4), () => setTimeout(() => socket.destroy(), 200));
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

const settle = async (until: () => boolean) => {
  for (let i = 0; i < 100 && !until(); i += 1) await new Promise((r) => setTimeout(r, 50));
};

describe('an upload the client aborts mid-body', () => {
  it('is logged as "upload aborted" at info, never as an error, keeps nothing, and the server goes on', async () => {
    await abortMidBody();
    await settle(() => lines.some((l) => /upload aborted/.test(l.msg)) || lines.some((l) => l.level >= 50));
    expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    expect(lines.find((l) => l.msg === 'upload aborted')?.level).toBe(30);
    const tmp = path.join(container.config.mediaDir, '.tmp');
    await settle(() => !fs.existsSync(tmp) || fs.readdirSync(tmp).length === 0);
    expect(fs.existsSync(tmp) ? fs.readdirSync(tmp) : []).toEqual([]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });
});
