/**
 * Streaming benchmark: Rhythmo vs nginx serving the same 60 s MP3 with Range requests.
 *
 *   npm run bench:streaming            (BENCH_SECONDS=10 BENCH_CONNECTIONS=50 by default)
 *   BENCH_WORKERS=2 npm run bench:streaming   (both servers with two worker processes)
 *
 * Rhythmo runs as a child process (NODE_ENV=production, SQLite in a temp DATA_DIR); nginx
 * (Debian package, installed with apt-get when missing) runs as a child process with a temp
 * config on a loopback port. Both get BENCH_WORKERS worker processes (default 1): nginx's
 * worker_processes and `rhythmo serve --workers`. A third server is Rhythmo behind nginx with
 * STREAM_ACCEL_REDIRECT, the deployment the README recommends for streaming-heavy sites
 * (BENCH_SKIP_ACCEL=1 leaves it out). Two measurements per server, in the same run:
 *  - throughput: 50 keep-alive connections fetching random 256 KiB ranges for BENCH_SECONDS;
 *  - time to first byte of a mid-file seek (`Range: bytes=<middle>-`), p99 over 50 concurrent
 *    clients, each reading the whole answer like a player would.
 * The client runs on the same machine, so it must not be what is measured: it is a minimal
 * socket client (see Connection), and the CPU used by it and by each server is printed with
 * every result, with the load average.
 * Rhythmo streams through its signed URL (what an `<audio src>` uses), so every request still
 * verifies the signature, looks the track up and checks the account.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './support.js';
import { DEFAULT_ACCEL_PREFIX, nginxSite } from '../src/http/nginx-site.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = path.resolve(ROOT, process.env.BENCH_FIXTURE ?? 'test/fixtures/audio/long/long-60s.mp3');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SEEKS_PER_CLIENT = Number(process.env.BENCH_SEEKS ?? 40);
const RHYTHMO_PORT = Number(process.env.BENCH_RHYTHMO_PORT ?? 4210);
const NGINX_PORT = Number(process.env.BENCH_NGINX_PORT ?? 4290);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CHUNK = 256 * 1024;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);

const children: ChildProcess[] = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-bench-streaming-'));

function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(url: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    const ok = await fetch(url).then((r) => r.status < 500, () => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} did not come up`);
}

/** The cluster starts its workers one by one: wait for all, then for every new connection's /readyz. */
async function allWorkersReady(url: string, pid: number): Promise<void> {
  const workers = () => fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).length;
  while (workers() < WORKERS) await sleep(250);
  for (let ok = 0; ok < 4 * WORKERS; ) {
    const ready = await fetch(url, { headers: { connection: 'close' } }).then((r) => r.status === 200, () => false);
    ok = ready ? ok + 1 : 0;
    if (!ready) await sleep(250);
  }
}

function nginxBinary(): string {
  const find = () => ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
  let bin = find();
  if (!bin) {
    console.log('nginx not found: apt-get install -y nginx');
    const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
    const run = (args: string[]) => spawnSync(sudo[0] ?? args[0]!, sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    run(['apt-get', 'install', '-y', 'nginx']);
    if (!find()) {
      run(['apt-get', 'update']);
      run(['apt-get', 'install', '-y', 'nginx']);
    }
    bin = find();
    if (!bin) throw new Error('could not install nginx');
  }
  return bin;
}

/**
 * nginx in the foreground with a temp config: the scaffold every configuration here shares
 * (workers, logs, temp paths, keep-alive, open_file_cache) around the given http-level lines.
 */
function spawnNginx(dir: string, http: string, opts: { asRoot?: boolean } = {}): ChildProcess {
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `${opts.asRoot && process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes ${WORKERS};
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 100000;
  open_file_cache max=1000 inactive=60s;
  types { audio/mpeg mp3; }
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${http}
}
`,
  );
  const child = spawn(nginxBinary(), ['-c', conf, '-p', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  return child;
}

async function startNginx(file: string): Promise<{ url: string; pid: number }> {
  const dir = path.join(work, 'nginx');
  fs.mkdirSync(path.join(dir, 'www'), { recursive: true });
  fs.copyFileSync(file, path.join(dir, 'www', 'long.mp3'));
  // Started as root, nginx's worker runs as an unprivileged user that must reach the file.
  for (const p of [work, dir, path.join(dir, 'www')]) fs.chmodSync(p, 0o755);
  fs.chmodSync(path.join(dir, 'www', 'long.mp3'), 0o644);
  const child = spawnNginx(
    dir,
    `  sendfile on;
  tcp_nopush on;
  server {
    listen 127.0.0.1:${NGINX_PORT};
    root ${dir}/www;
    location / { etag on; }
  }`,
  );
  const url = `http://127.0.0.1:${NGINX_PORT}/long.mp3`;
  await waitFor(url, child);
  return { url, pid: child.pid! };
}

/**
 * Rhythmo behind nginx in the layout `rhythmo nginx-config` prints (README, "Behind nginx"):
 * nginx asks Rhythmo whether a request may stream, and sends the stored file itself. With
 * `cacheSeconds` 0 it asks on every request; otherwise it reuses a yes for that long
 * (STREAM_ACCEL_CACHE_SECONDS). Same worker count as the others.
 */
async function startBehindNginx(file: string, name: string, offset: number, cacheSeconds: number): Promise<{ urls: string[]; pids: number[] }> {
  const prefix = DEFAULT_ACCEL_PREFIX;
  const rhythmo = await startRhythmo(file, { name, port: RHYTHMO_PORT + offset, accel: prefix, env: { STREAM_ACCEL_CACHE_SECONDS: String(cacheSeconds) } });
  const dir = path.join(work, `${name}-nginx`);
  const site = nginxSite({
    upstream: `127.0.0.1:${RHYTHMO_PORT + offset}`,
    listen: `127.0.0.1:${NGINX_PORT + offset}`,
    serverName: 'localhost',
    mediaDir: path.join(rhythmo.dataDir, 'media'),
    accelPrefix: prefix,
    cacheDir: path.join(dir, 'cache'),
    maxUploadMb: 200,
    fileExtras: 'etag on;',
  });
  // Rhythmo's stored files are private to its user: the worker reads them as root here.
  const child = spawnNginx(dir, site, { asRoot: true });
  const urls = rhythmo.urls.map((u) => u.replace(`:${RHYTHMO_PORT + offset}/`, `:${NGINX_PORT + offset}/`));
  await waitFor(urls[0]!, child);
  return { urls, pids: [rhythmo.pid, child.pid!] };
}

/**
 * One listener account per connection, each with its own signed URL, as 50 players would have:
 * no cache (tokens, accounts, nginx's authorisations) sees one caller 50 times.
 */
async function listenerUrls(base: string, trackId: string): Promise<string[]> {
  return Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, i) => {
      const user = { email: `listener${i}@example.com`, username: `listener${i}`, password: randomBytes(12).toString('base64url') };
      const json = { 'content-type': 'application/json' };
      const reg = await fetch(`${base}/api/auth/register`, { method: 'POST', headers: json, body: JSON.stringify(user) });
      if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ login: user.email, password: user.password }) });
      if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const signed = await fetch(`${base}/api/tracks/${trackId}/stream-url`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
      if (!signed.ok) throw new Error(`stream-url failed: ${signed.status} ${await signed.text()}`);
      return `${base}${((await signed.json()) as { url: string }).url}`;
    }),
  );
}

async function startRhythmo(file: string, opts: { name: string; port: number; accel?: string; env?: Record<string, string> }): Promise<{ urls: string[]; pid: number; dataDir: string }> {
  const dataDir = path.join(work, opts.name);
  fs.mkdirSync(dataDir, { recursive: true });
  const admin = { email: 'bench-admin@example.com', password: randomBytes(12).toString('base64url') };
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    ...(opts.accel && { STREAM_ACCEL_REDIRECT: opts.accel }),
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${path.join(dataDir, 'bench.sqlite')}`,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    // The listeners of listenerUrls register and log in from one address.
    RATE_LIMIT_AUTH_PER_WINDOW: '1000',
    ...opts.env,
    // File reads, stat/open and the SQLite driver all queue on libuv's pool (4 threads by
    // default); a streaming server wants more. Recommended for production too (README).
    UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16',
  };
  // The build, as `npm start` runs it (ensureBuild in main).
  const child = spawn(process.execPath, ['dist/cli/index.js', 'serve', '--workers', String(WORKERS)], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  const base = `http://127.0.0.1:${opts.port}`;
  // /readyz, not /healthz: in production the panel bundles its front end after listening.
  await waitFor(`${base}/readyz`, child);
  if (WORKERS > 1) await allWorkersReady(`${base}/readyz`, child.pid!);

  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: admin.email, password: admin.password }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };

  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(file)], { type: 'audio/mpeg' }), 'long-60s.mp3');
  const upload = await fetch(`${base}/api/tracks`, { method: 'POST', headers: auth, body: form });
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${await upload.text()}`);
  const track = (await upload.json()) as { id: string };
  return { urls: await listenerUrls(base, track.id), pid: child.pid!, dataDir };
}

interface Throughput {
  bytesPerSec: number;
  requestsPerSec: number;
  non2xx: number;
  errors: number;
}

/**
 * A keep-alive HTTP/1.1 connection that sends one GET at a time and reads the answer by its
 * Content-Length, with as little work per byte as a client can do in Node (no HTTP parser
 * object, no stream per response). autocannon, which this benchmark used first, parses bodies
 * in JavaScript (http-parser-js): against nginx it used 110 % of a core while nginx used 4 %, so
 * it measured itself. The CPU this client uses is printed with every result.
 */
class Connection {
  private socket: net.Socket;
  private head: Buffer | null = null;
  private remaining = 0;
  private pending: { resolve: (r: { status: number; bytes: number; ttfbMs: number }) => void; reject: (e: Error) => void; sent: bigint; status: number; bytes: number; ttfbMs: number } | null = null;

  constructor(private readonly url: URL) {
    // Reads land in one reused buffer (no allocation and no garbage per chunk); onData copies
    // only the few header bytes it keeps.
    this.socket = net.connect({
      port: Number(url.port),
      host: url.hostname,
      noDelay: true,
      onread: {
        buffer: Buffer.allocUnsafe(1024 * 1024),
        callback: (n: number, buf: Uint8Array) => {
          this.onData(Buffer.from(buf.buffer, buf.byteOffset, n));
          return true;
        },
      },
    });
    this.socket.on('error', (e) => this.pending?.reject(e));
    this.socket.on('close', () => this.pending?.reject(new Error('connection closed')));
  }

  /** One GET with a Range header; resolves when the whole body is in, with the time to its first byte. */
  get(range: string): Promise<{ status: number; bytes: number; ttfbMs: number }> {
    return new Promise((resolve, reject) => {
      this.head = Buffer.alloc(0);
      this.pending = { resolve, reject, sent: process.hrtime.bigint(), status: 0, bytes: 0, ttfbMs: -1 };
      this.socket.write(`GET ${this.url.pathname}${this.url.search} HTTP/1.1\r\nHost: ${this.url.host}\r\nRange: ${range}\r\n\r\n`);
    });
  }

  private onData(d: Buffer): void {
    const p = this.pending;
    if (!p) return;
    if (this.head) {
      // The head is looked for in place; only a head split across reads is copied (d is the
      // reused read buffer), and the body bytes that come with it never are.
      const buf = this.head.length === 0 ? d : Buffer.concat([this.head, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        this.head = Buffer.from(buf);
        return;
      }
      const text = buf.subarray(0, end).toString('latin1');
      p.status = Number(text.slice(9, 12));
      this.remaining = Number(/\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1] ?? 0);
      d = buf.subarray(end + 4);
      this.head = null;
    }
    if (d.length > 0 && p.ttfbMs < 0) p.ttfbMs = Number(process.hrtime.bigint() - p.sent) / 1e6;
    this.remaining -= d.length;
    p.bytes += d.length;
    if (this.remaining <= 0) {
      this.pending = null;
      p.resolve(p);
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** CPU seconds used so far by a process and its children (nginx's master and worker). */
function processCpuSeconds(pid: number): number {
  const ticks = (id: number): number => {
    try {
      const fields = fs.readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const children = fs.readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      return Number(fields[11]) + Number(fields[12]) + children.reduce((acc, c) => acc + ticks(c), 0);
    } catch {
      return 0;
    }
  };
  return ticks(pid) / 100;
}

interface Cpu {
  /** Share of one core used by the benchmark's client and by the server while measuring. */
  client: number;
  server: number;
}

async function measuringCpu<T>(serverPids: number[], fn: () => Promise<T>): Promise<[T, Cpu]> {
  const cpuSeconds = () => serverPids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  const client0 = process.cpuUsage();
  const server0 = cpuSeconds();
  const started = performance.now();
  const result = await fn();
  const wall = (performance.now() - started) / 1000;
  const client = process.cpuUsage(client0);
  return [result, { client: (client.user + client.system) / 1e6 / wall, server: (cpuSeconds() - server0) / wall }];
}

/** CONNECTIONS keep-alive connections fetching random 256 KiB ranges for SECONDS. */
async function throughput(urls: string[], size: number): Promise<Throughput> {
  let bytes = 0;
  let requests = 0;
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  const loop = async (_: unknown, i: number) => {
    const c = new Connection(new URL(urls[i % urls.length]!));
    try {
      while (performance.now() < until) {
        const start = Math.floor(Math.random() * (size - CHUNK));
        const r = await c.get(`bytes=${start}-${start + CHUNK - 1}`);
        if (r.status !== 206 || r.bytes !== CHUNK) non2xx += 1;
        bytes += r.bytes;
        requests += 1;
      }
    } catch {
      errors += 1;
    } finally {
      c.close();
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const wall = (performance.now() - started) / 1000;
  return { bytesPerSec: bytes / wall, requestsPerSec: requests / wall, non2xx, errors };
}

/**
 * Milliseconds from sending `Range: bytes=<middle>-` to the first body byte: CONNECTIONS
 * concurrent clients, each on its own keep-alive connection, doing SEEKS_PER_CLIENT seeks in a
 * row and reading every answer to the end like a player would.
 */
async function seekTtfb(urls: string[], size: number): Promise<{ p50: number; p99: number; samples: number; raw: number[] }> {
  const samples: number[] = [];
  const client = async (_: unknown, i: number) => {
    const c = new Connection(new URL(urls[i % urls.length]!));
    try {
      for (let i = 0; i < SEEKS_PER_CLIENT; i++) {
        // Around the middle, so no two requests hit exactly the same bytes.
        const offset = Math.floor(size / 2 + (Math.random() - 0.5) * size * 0.2);
        const r = await c.get(`bytes=${offset}-`);
        if (r.status !== 206 || r.bytes !== size - offset) throw new Error(`seek answered ${r.status} with ${r.bytes} bytes`);
        samples.push(r.ttfbMs);
      }
    } finally {
      c.close();
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: at(0.5), p99: at(0.99), samples: samples.length, raw: samples };
}

async function sameBytes(a: string, b: string, size: number): Promise<void> {
  const range = `bytes=${Math.floor(size / 3)}-${Math.floor(size / 3) + 9999}`;
  const [x, y] = await Promise.all([a, b].map((u) => fetch(u, { headers: { range } }).then(async (r) => ({ status: r.status, body: Buffer.from(await r.arrayBuffer()) }))));
  if (x!.status !== 206 || y!.status !== 206 || !x!.body.equals(y!.body)) {
    throw new Error(`the two servers disagree on the same range: nginx ${x!.status} (${x!.body.length} bytes), rhythmo ${y!.status} (${y!.body.length} bytes) ${y!.status >= 400 ? y!.body.toString() : ''}`);
  }
}

const mb = (bps: number) => `${(bps / (1024 * 1024)).toFixed(1)} MiB/s`;

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const pct = (x: number) => `${Math.round(x * 100)}%`;

async function main() {
  ensureBuild(ROOT);
  if (!fs.existsSync(FIXTURE)) throw new Error(`fixture not found: ${FIXTURE}`);
  const size = fs.statSync(FIXTURE).size;
  console.log(`streaming benchmark: ${path.basename(FIXTURE)} (${size} bytes), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s throughput + ${CONNECTIONS}x${SEEKS_PER_CLIENT} seeks per server`);
  console.log(`nginx: worker_processes ${WORKERS} (sendfile); rhythmo: --workers ${WORKERS} (libuv thread pool ${process.env.UV_THREADPOOL_SIZE ?? '16'}); ${os.cpus().length} CPUs; load average at start ${load()}\n`);
  const started = await Promise.all([
    startNginx(FIXTURE).then((x) => ({ name: 'nginx', urls: [x.url], pids: [x.pid] })),
    startRhythmo(FIXTURE, { name: 'rhythmo', port: RHYTHMO_PORT }).then((x) => ({ name: 'rhythmo', urls: x.urls, pids: [x.pid] })),
    ...(process.env.BENCH_SKIP_ACCEL
      ? []
      : [
          startBehindNginx(FIXTURE, 'rhythmo+nginx', 1, 0).then((x) => ({ name: 'rhythmo+nginx', ...x })),
          startBehindNginx(FIXTURE, 'rhythmo+nginx/5s', 2, 5).then((x) => ({ name: 'rhythmo+nginx/5s', ...x })),
        ]),
  ]);
  const nginx = started[0]!;
  for (const other of started.slice(1)) for (const url of other.urls) await sameBytes(nginx.urls[0]!, url, size);

  // Warm all (JIT, page cache) and let start-up work (the admin panel's bundle) finish before measuring.
  for (const { urls } of started) {
    for (const url of urls) {
      const c = new Connection(new URL(url));
      for (let i = 0; i < Math.ceil(500 / urls.length); i++) await c.get('bytes=0-65535');
      c.close();
    }
  }
  await sleep(Number(process.env.BENCH_SETTLE_MS ?? 5000));

  // Rounds alternate the servers, so a noisy neighbour on the machine hits them alike.
  type Row = { tp: Throughput; ttfb: Awaited<ReturnType<typeof seekTtfb>>; cpuTp: Cpu; cpuSeek: Cpu };
  const rows: Record<string, Row> = {};
  const all: Record<string, { tp: Throughput[]; samples: number[]; cpuTp: Cpu[]; cpuSeek: Cpu[] }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const server of started) {
      const m = (all[server.name] ??= { tp: [], samples: [], cpuTp: [], cpuSeek: [] });
      const [tp, cpuTp] = await measuringCpu(server.pids, () => throughput(server.urls, size));
      const [seek, cpuSeek] = await measuringCpu(server.pids, () => seekTtfb(server.urls, size));
      m.tp.push(tp);
      m.cpuTp.push(cpuTp);
      m.samples.push(...seek.raw);
      m.cpuSeek.push(cpuSeek);
    }
  }
  const mean = <T>(xs: T[], f: (x: T) => number) => xs.reduce((acc, x) => acc + f(x), 0) / xs.length;
  for (const [name, m] of Object.entries(all)) {
    const samples = m.samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
    rows[name] = {
      tp: { bytesPerSec: mean(m.tp, (t) => t.bytesPerSec), requestsPerSec: mean(m.tp, (t) => t.requestsPerSec), non2xx: m.tp.reduce((a, t) => a + t.non2xx, 0), errors: m.tp.reduce((a, t) => a + t.errors, 0) },
      ttfb: { p50: at(0.5), p99: at(0.99), samples: samples.length, raw: samples },
      cpuTp: { client: mean(m.cpuTp, (c) => c.client), server: mean(m.cpuTp, (c) => c.server) },
      cpuSeek: { client: mean(m.cpuSeek, (c) => c.client), server: mean(m.cpuSeek, (c) => c.server) },
    };
  }
  const n = rows.nginx!;
  const line = (name: string, x: Row) =>
    `${name.padEnd(17)} ${mb(x.tp.bytesPerSec).padStart(14)} ${x.tp.requestsPerSec.toFixed(0).padStart(6)} req/s  ttfb p50 ${x.ttfb.p50.toFixed(2).padStart(7)} ms  p99 ${x.ttfb.p99.toFixed(2).padStart(7)} ms  ` +
    `cpu (server/client) throughput ${pct(x.cpuTp.server)}/${pct(x.cpuTp.client)}, seeks ${pct(x.cpuSeek.server)}/${pct(x.cpuSeek.client)}  (non-2xx ${x.tp.non2xx}, errors ${x.tp.errors})`;
  for (const { name } of started) console.log(line(name, rows[name]!));
  for (const { name } of started.slice(1)) {
    const r = rows[name]!;
    const ratio = r.tp.bytesPerSec / n.tp.bytesPerSec;
    const ttfbFactor = r.ttfb.p99 / n.ttfb.p99;
    console.log(`\n${name}: throughput ratio to nginx ${ratio.toFixed(2)} (target >= 0.70) ${ratio >= 0.7 ? 'OK' : 'MISSED'}`);
    console.log(`${name}: p99 mid-file seek TTFB ${ttfbFactor.toFixed(2)}x nginx's (target <= 2.00x) ${ttfbFactor <= 2 ? 'OK' : 'MISSED'}`);
    if (r.tp.non2xx || r.tp.errors) throw new Error(`${name} answered with errors during the run`);
  }
  console.log(`load average at the end: ${load()}`);
}

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (err) => {
    console.error(err);
    cleanup();
    process.exit(1);
  },
);
