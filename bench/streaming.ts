/**
 * Streaming benchmark: Rhythmo vs nginx serving the same 60 s MP3 with Range requests.
 *
 *   npm run bench:streaming            (BENCH_SECONDS=10 BENCH_CONNECTIONS=50 by default)
 *
 * Rhythmo runs as a child process (NODE_ENV=production, SQLite in a temp DATA_DIR); nginx
 * (Debian package, installed with apt-get when missing) runs as a child process with a temp
 * config on a loopback port. Both get one worker process, so a single Node process is
 * compared with a single nginx worker. Two measurements per server, in the same run:
 *  - throughput: 50 connections fetching random 256 KiB ranges for BENCH_SECONDS (autocannon);
 *  - time to first byte of a mid-file seek (`Range: bytes=<middle>-`), p99 over 50 concurrent
 *    clients, each reading the whole answer like a player would.
 * Rhythmo streams through its signed URL (what an `<audio src>` uses), so every request still
 * verifies the signature, looks the track up and checks the account.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = path.resolve(ROOT, process.env.BENCH_FIXTURE ?? '../shared/fixtures/audio/long/long-60s.mp3');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SEEKS_PER_CLIENT = Number(process.env.BENCH_SEEKS ?? 40);
const RHYTHMO_PORT = Number(process.env.BENCH_RHYTHMO_PORT ?? 4210);
const NGINX_PORT = Number(process.env.BENCH_NGINX_PORT ?? 4290);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CHUNK = 256 * 1024;

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

async function startNginx(file: string): Promise<string> {
  const dir = path.join(work, 'nginx');
  fs.mkdirSync(path.join(dir, 'www'), { recursive: true });
  fs.copyFileSync(file, path.join(dir, 'www', 'long.mp3'));
  // Started as root, nginx's worker runs as an unprivileged user that must reach the file.
  for (const p of [work, dir, path.join(dir, 'www')]) fs.chmodSync(p, 0o755);
  fs.chmodSync(path.join(dir, 'www', 'long.mp3'), 0o644);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { audio/mpeg mp3; }
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${NGINX_PORT};
    root ${dir}/www;
    location / { etag on; }
  }
}
`,
  );
  const child = spawn(nginxBinary(), ['-c', conf, '-p', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  const url = `http://127.0.0.1:${NGINX_PORT}/long.mp3`;
  await waitFor(url, child);
  return url;
}

async function startRhythmo(file: string): Promise<string> {
  const dataDir = path.join(work, 'rhythmo');
  fs.mkdirSync(dataDir, { recursive: true });
  const admin = { email: 'bench-admin@example.com', password: randomBytes(12).toString('base64url') };
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(RHYTHMO_PORT),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${path.join(dataDir, 'bench.sqlite')}`,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    // File reads, stat/open and the SQLite driver all queue on libuv's pool (4 threads by
    // default); a streaming server wants more. Recommended for production too (README).
    UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/index.ts', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  const base = `http://127.0.0.1:${RHYTHMO_PORT}`;
  // /readyz, not /healthz: in production the panel bundles its front end after listening.
  await waitFor(`${base}/readyz`, child);

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
  const signed = await fetch(`${base}/api/tracks/${track.id}/stream-url`, { method: 'POST', headers: auth });
  const { url } = (await signed.json()) as { url: string };
  return `${base}${url}`;
}

interface Throughput {
  bytesPerSec: number;
  requestsPerSec: number;
  non2xx: number;
  errors: number;
}

async function throughput(url: string, size: number): Promise<Throughput> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (req) => {
          const start = Math.floor(Math.random() * (size - CHUNK));
          return { ...req, headers: { ...req.headers, range: `bytes=${start}-${start + CHUNK - 1}` } };
        },
      },
    ],
  });
  return {
    bytesPerSec: result.throughput.average,
    requestsPerSec: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** p50/p99 milliseconds from request start to the first body byte of `Range: bytes=<middle>-`. */
async function seekTtfb(url: string, size: number): Promise<{ p50: number; p99: number; samples: number; raw: number[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const samples: number[] = [];
  const one = (offset: number) =>
    new Promise<void>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = http.get(url, { agent, headers: { range: `bytes=${offset}-` } }, (res) => {
        if (res.statusCode !== 206) reject(new Error(`seek answered ${res.statusCode}`));
        let first = true;
        res.on('data', () => {
          if (first) samples.push(Number(process.hrtime.bigint() - started) / 1e6);
          first = false;
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const client = async () => {
    for (let i = 0; i < SEEKS_PER_CLIENT; i++) {
      // Around the middle, so no two requests hit exactly the same bytes.
      await one(Math.floor(size / 2 + (Math.random() - 0.5) * size * 0.2));
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  agent.destroy();
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

async function main() {
  if (!fs.existsSync(FIXTURE)) throw new Error(`fixture not found: ${FIXTURE}`);
  const size = fs.statSync(FIXTURE).size;
  console.log(`streaming benchmark: ${path.basename(FIXTURE)} (${size} bytes), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s throughput + ${CONNECTIONS}x${SEEKS_PER_CLIENT} seeks per server\n`);
  const [nginxUrl, rhythmoUrl] = await Promise.all([startNginx(FIXTURE), startRhythmo(FIXTURE)]);
  await sameBytes(nginxUrl, rhythmoUrl, size);

  // Warm both (JIT, page cache) and let start-up work (the admin panel's bundle) finish before measuring.
  await Promise.all([nginxUrl, rhythmoUrl].map((u) => autocannon({ url: u, connections: 10, amount: 500, headers: { range: 'bytes=0-65535' } })));
  await sleep(Number(process.env.BENCH_SETTLE_MS ?? 5000));

  // Rounds alternate the two servers, so a noisy neighbour on the machine hits both alike.
  const rows: Record<string, { tp: Throughput; ttfb: Awaited<ReturnType<typeof seekTtfb>> }> = {};
  const all: Record<string, { tp: Throughput[]; samples: number[] }> = { nginx: { tp: [], samples: [] }, rhythmo: { tp: [], samples: [] } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, url] of [['nginx', nginxUrl], ['rhythmo', rhythmoUrl]] as const) {
      all[name]!.tp.push(await throughput(url, size));
      all[name]!.samples.push(...(await seekTtfb(url, size)).raw);
    }
  }
  for (const [name, m] of Object.entries(all)) {
    const sum = (f: (t: Throughput) => number) => m.tp.reduce((acc, t) => acc + f(t), 0);
    const samples = m.samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
    rows[name] = {
      tp: { bytesPerSec: sum((t) => t.bytesPerSec) / m.tp.length, requestsPerSec: sum((t) => t.requestsPerSec) / m.tp.length, non2xx: sum((t) => t.non2xx), errors: sum((t) => t.errors) },
      ttfb: { p50: at(0.5), p99: at(0.99), samples: samples.length, raw: samples },
    };
  }
  const n = rows.nginx!;
  const r = rows.rhythmo!;
  const line = (name: string, x: typeof n) =>
    `${name.padEnd(8)} ${mb(x.tp.bytesPerSec).padStart(14)} ${x.tp.requestsPerSec.toFixed(0).padStart(9)} req/s  ttfb p50 ${x.ttfb.p50.toFixed(2).padStart(7)} ms  p99 ${x.ttfb.p99.toFixed(2).padStart(7)} ms  (non-2xx ${x.tp.non2xx}, errors ${x.tp.errors})`;
  console.log(line('nginx', n));
  console.log(line('rhythmo', r));
  const ratio = r.tp.bytesPerSec / n.tp.bytesPerSec;
  const ttfbFactor = r.ttfb.p99 / n.ttfb.p99;
  console.log(`\nthroughput ratio rhythmo/nginx: ${ratio.toFixed(2)} (target >= 0.70) ${ratio >= 0.7 ? 'OK' : 'MISSED'}`);
  console.log(`p99 mid-file seek TTFB rhythmo/nginx: ${ttfbFactor.toFixed(2)}x (target <= 2.00x) ${ttfbFactor <= 2 ? 'OK' : 'MISSED'}`);
  if (r.tp.non2xx || r.tp.errors) throw new Error('rhythmo answered with errors during the run');
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
