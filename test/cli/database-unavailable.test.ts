import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.js';

// A PostgreSQL that is down (nothing listens) and one that is frozen (the port accepts and never
// answers) look the same to every pass: no real server is needed, whatever DATABASE_URL says.
describe('rhythmo when PostgreSQL cannot be reached', () => {
  let dataDir: string;
  let silent: net.Server;
  const sockets = new Set<net.Socket>();
  let closedPort: number;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-cli-down-'));
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const env = (port: number) => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/rhythmo`,
    JWT_SECRET: 'cli-test-secret-that-is-long-enough-0123456789',
    SEED_DEMO: 'false',
    DB_CONNECT_TIMEOUT_MS: '500',
    DB_ACQUIRE_TIMEOUT_MS: '1000',
  });

  it('says so in one line and exits 3 when nothing listens', async () => {
    const run = await runCli(['users', 'list'], env(closedPort));
    expect(run.stderr).toBe('rhythmo: The database is unreachable or not answering; try again shortly\n');
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
  }, 60_000);

  it('gives up after the connect timeout, with the same line and code, when the server does not answer', async () => {
    const started = Date.now();
    const run = await runCli(['db', 'status'], env((silent.address() as net.AddressInfo).port));
    expect(run.stderr).toBe('rhythmo: The database is unreachable or not answering; try again shortly\n');
    expect(run.code).toBe(3);
    // Start-up of the command itself (tsx compiling the sources) is most of this.
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);
});
