import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createContainer } from '../../src/container.js';
import { startServer } from '../../src/server.js';
import { testDatabaseUrl } from '../support/database.js';
import { truncateAll } from '../support/context.js';

async function config(extra: Record<string, string> = {}) {
  const db = await testDatabaseUrl();
  return loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DATA_DIR: db.dataDir, DATABASE_URL: db.url,
    JWT_SECRET: 'x'.repeat(40), PASSWORD_HASH_MEMORY_KIB: '1024', ...extra,
  });
}

describe('server start and stop', () => {
  it('migrates (twice changes nothing), creates the configured admin, and finishes in-flight requests on stop', async () => {
    const cfg = await config({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'a very strong passphrase' });
    const container = createContainer(cfg);
    // This worker's PostgreSQL database may hold an admin from an earlier test file.
    await container.db.migrate();
    await truncateAll(container.db);
    const started = await startServer(container);
    expect(await container.db.migrate()).toEqual([]);
    const status = await container.db.migrationStatus();
    expect(status.pending).toEqual([]);

    const body = JSON.stringify({ login: 'boss@example.com', password: 'a very strong passphrase' });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: started.port, method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      // The request is now in flight: stop the server, then let the client finish.
      setTimeout(() => {
        void stopping;
        req.end(body.slice(10));
      }, 200);
    });
    await new Promise((r) => setTimeout(r, 50));
    const stopping = started.stop();
    const res = await response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).user.role).toBe('admin');
    await stopping;
    await expect(
      new Promise((resolve, reject) => http.get({ host: '127.0.0.1', port: started.port, path: '/healthz' }, resolve).on('error', reject)),
    ).rejects.toThrow();
  });

  it('the compiled entry point refuses a bad configuration with one line and exit code 2', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-cfg-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/index.ts', 'serve'], {
      env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: dir, PORT: 'not-a-port', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['rhythmo: Invalid configuration: PORT Expected number, received nan']);
  });
});
