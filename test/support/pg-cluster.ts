import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { freePort } from './ports.js';

const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

export const pgBinariesPresent = (): boolean => ['initdb', 'postgres'].every((b) => fs.existsSync(path.join(BIN, b)));

/**
 * A PostgreSQL cluster of its own (initdb into a temporary folder, its own port, trust auth), for
 * tests that kill or freeze the database: the shared server of the other tests must stay up.
 */
export interface ThrowawayCluster {
  port: number;
  url(database?: string): string;
  /** Starts the postmaster again (after kill()), on the same folder and port; nothing if it runs. */
  start(): Promise<void>;
  /** SIGKILL to the postmaster and every backend: a crash, not a shutdown. */
  kill(): Promise<void>;
  /** SIGSTOP to the postmaster and every backend: connections stay open and nothing answers. */
  freeze(): void;
  thaw(): void;
  /** Thaws, stops and deletes the cluster; safe to call twice and after a failed start. */
  destroy(): Promise<void>;
}

/** initdb refuses to run as root: as root, the server tools run as the postgres account. */
function serverAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The postmaster's backends, found by parent pid (they are not our children). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields after the last ')' are safe.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function createThrowawayCluster(): Promise<ThrowawayCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-pg-'));
  const dataDir = path.join(root, 'data');
  const account = serverAccount();
  if (account) fs.chownSync(root, account.uid, account.gid);
  fs.chmodSync(root, 0o700);
  const port = await freePort();
  let postmaster: ChildProcess | undefined;
  let frozen: number[] = [];
  let destroyed = false;

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const processes = () => (postmaster?.pid && alive(postmaster.pid) ? [postmaster.pid, ...childrenOf(postmaster.pid)] : []);

  // A test that dies half-way must not leave a stopped or running server behind.
  const onExit = () => {
    for (const pid of frozen) signal(pid, 'SIGCONT');
    for (const pid of processes()) signal(pid, 'SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  execFileSync(path.join(BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], {
    cwd: root,
    stdio: 'ignore',
    ...account,
  });

  const cluster: ThrowawayCluster = {
    port,
    url,
    async start() {
      if (postmaster?.pid && alive(postmaster.pid)) return;
      const log = fs.openSync(path.join(root, 'server.log'), 'a');
      const args = ['-D', dataDir, '-p', String(port), '-k', root, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'shared_buffers=16MB', '-c', 'max_connections=40'];
      postmaster = spawn(path.join(BIN, 'postgres'), args, { cwd: root, stdio: ['ignore', log, log], ...account });
      fs.closeSync(log);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const client = new pg.Client({ connectionString: url(), connectionTimeoutMillis: 1000 });
        try {
          await client.connect();
          await client.end();
          return;
        } catch (err) {
          await client.end().catch(() => undefined);
          if (Date.now() > deadline || postmaster.exitCode !== null) {
            throw new Error(`throwaway PostgreSQL did not start: ${(err as Error).message}\n${fs.readFileSync(path.join(root, 'server.log'), 'utf8').slice(-2000)}`);
          }
          await sleep(100);
        }
      }
    },
    async kill() {
      // The postmaster first, so that it does not restart the backends it sees dying.
      const pids = processes();
      for (const pid of pids) signal(pid, 'SIGKILL');
      while (pids.some(alive)) await sleep(20);
    },
    freeze() {
      if (!postmaster?.pid) return;
      // The postmaster first, so that it forks no backend the list below would miss.
      signal(postmaster.pid, 'SIGSTOP');
      frozen = [postmaster.pid, ...childrenOf(postmaster.pid)];
      for (const pid of frozen.slice(1)) signal(pid, 'SIGSTOP');
    },
    thaw() {
      for (const pid of frozen.reverse()) signal(pid, 'SIGCONT');
      frozen = [];
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      cluster.thaw();
      const pid = postmaster?.pid;
      if (pid && alive(pid)) {
        // A fast shutdown removes the server's shared memory; a kill would leave it behind.
        signal(pid, 'SIGINT');
        const deadline = Date.now() + 10_000;
        while (alive(pid) && Date.now() < deadline) await sleep(50);
        await cluster.kill();
      }
      process.removeListener('exit', onExit);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}
