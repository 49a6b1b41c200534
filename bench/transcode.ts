/**
 * Transcoding benchmark, all in one run on the same FLAC (the 60 s MP3 fixture decoded to FLAC,
 * looped to BENCH_TRACK_SECONDS):
 *  - capacity: BENCH_STREAMS concurrent first plays (each its own encode: distinct bitrates, so
 *    none shares another's) of FLAC -> Opus 128k and FLAC -> MP3 192k, read to the end like a
 *    player that buffers ahead. Audio seconds delivered per wall second, divided by the cores,
 *    is how many real-time (1x) transcodes each core sustains; the slowest stream's own speed is
 *    printed beside it (target: at or above 1x).
 *  - time to first byte of a first play (a new encode) against a cached encode's and the
 *    original's, medians over BENCH_TTFB_SAMPLES requests one at a time.
 *  - throughput of a cached encode against the same bytes served as an original (the encode
 *    uploaded as a track): BENCH_CONNECTIONS clients fetching whole files for BENCH_SECONDS each.
 *
 *   npm run bench:transcode
 *   BENCH_STREAMS=8 BENCH_TRACK_SECONDS=120 BENCH_SECONDS=5 npm run bench:transcode
 *
 * Rhythmo runs in this process (production mode, SQLite in a temp DATA_DIR, the real ffmpeg);
 * the client is fetch in the same process, so CPU spent reading is counted against the server.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/index.js';
import { createContainer } from '../src/container.js';
import { createApp } from '../src/http/app.js';
import { SYSTEM } from '../src/shared/actor.js';
import { median } from './support.js';

const FIXTURE = path.resolve(process.env.BENCH_FIXTURE ?? 'test/fixtures/audio/long/long-60s.mp3');
const TRACK_SECONDS = Number(process.env.BENCH_TRACK_SECONDS ?? 60);
const CORES = os.availableParallelism();
const STREAMS = Number(process.env.BENCH_STREAMS ?? 4 * CORES);
const TTFB_SAMPLES = Number(process.env.BENCH_TTFB_SAMPLES ?? 7);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-bench-transcode-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function main() {
  const flac = path.join(work, 'bench.flac');
  const loops = Math.max(0, Math.ceil(TRACK_SECONDS / 60) - 1);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-stream_loop', String(loops), '-i', FIXTURE, '-t', String(TRACK_SECONDS), '-c:a', 'flac', flac]);

  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATA_DIR: path.join(work, 'data'),
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    TRANSCODE_MAX_CONCURRENT: String(Math.max(STREAMS, 1) + 2),
  });
  const container = createContainer(config);
  await container.db.migrate();
  const server = http.createServer(createApp(container, { validateResponses: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await container.services.users.create(SYSTEM, { email: 'bench@example.com', username: 'bench', password: 'transcoding-passphrase-9', role: 'admin' });
  const { accessToken } = await container.services.auth.login({ login: 'bench', password: 'transcoding-passphrase-9' });
  const auth = { Authorization: `Bearer ${accessToken}` };
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(flac)]), 'bench.flac');
  const created = await fetch(`${base}/api/tracks`, { method: 'POST', headers: auth, body: form });
  if (created.status !== 201) throw new Error(`upload failed: ${created.status} ${await created.text()}`);
  const trackId = ((await created.json()) as { id: string }).id;
  const url = (params: Record<string, string> = {}, id = trackId) => `${base}/api/tracks/${id}/stream?${new URLSearchParams(params)}`;

  /** Reads a whole answer; milliseconds to the first byte and to the end, and the bytes. */
  async function play(target: string): Promise<{ ttfb: number; total: number; bytes: number }> {
    const started = performance.now();
    const res = await fetch(target, { headers: auth });
    if (res.status !== 200) throw new Error(`${target}: ${res.status} ${await res.text()}`);
    const reader = res.body!.getReader();
    let ttfb = 0;
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!bytes) ttfb = performance.now() - started;
      bytes += value.length;
    }
    return { ttfb, total: performance.now() - started, bytes };
  }

  console.log(`transcode benchmark: ${TRACK_SECONDS} s FLAC (${fs.statSync(flac).size} bytes), ${CORES} CPUs, load average at start ${load()}\n`);

  // Capacity: distinct bitrates, so every stream is its own ffmpeg.
  for (const [format, kbps] of [['opus', 128], ['mp3', 192]] as const) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const runs = await Promise.all(Array.from({ length: STREAMS }, (_, i) => play(url({ format, bitrate: String(kbps - i) }))));
    const wall = (performance.now() - started) / 1000;
    const node = process.cpuUsage(cpuBefore);
    const perCore = (STREAMS * TRACK_SECONDS) / wall / CORES;
    const slowest = Math.min(...runs.map((r) => TRACK_SECONDS / (r.total / 1000)));
    console.log(
      `FLAC -> ${format} ${kbps}k: ${STREAMS} concurrent first plays in ${wall.toFixed(1)} s: ${perCore.toFixed(1)} real-time transcodes per core; ` +
        `slowest stream ${slowest.toFixed(1)}x (target >= 1x) ${slowest >= 1 ? 'OK' : 'MISSED'}; median TTFB ${median(runs.map((r) => r.ttfb)).toFixed(0)} ms; ` +
        `node CPU ${((node.user + node.system) / 1e6).toFixed(1)} s`,
    );
  }

  // Time to first byte, one request at a time: a new encode (bitrates not used yet), the cached one, the original.
  const cold: number[] = [];
  const cached: number[] = [];
  const original: number[] = [];
  for (let i = 0; i < TTFB_SAMPLES; i++) {
    cold.push((await play(url({ format: 'opus', bitrate: String(40 + i) }))).ttfb);
    cached.push((await play(url({ format: 'opus', bitrate: '128' }))).ttfb);
    original.push((await play(url())).ttfb);
  }
  console.log(
    `\nTTFB medians: first play (encoding) ${median(cold).toFixed(1)} ms, cached encode ${median(cached).toFixed(1)} ms, original FLAC ${median(original).toFixed(1)} ms`,
  );

  // A cached encode against the original, same loop, same run.
  async function throughput(target: string): Promise<{ mibs: number; rps: number }> {
    const until = performance.now() + SECONDS * 1000;
    let bytes = 0;
    let requests = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) {
          bytes += (await play(target)).bytes;
          requests++;
        }
      }),
    );
    return { mibs: bytes / 1024 / 1024 / SECONDS, rps: requests / SECONDS };
  }
  // The baseline is the same bytes: the cached encode uploaded as a track of its own.
  const encoded = Buffer.from(await (await fetch(url({ format: 'opus', bitrate: '128' }), { headers: auth })).arrayBuffer());
  const again = new FormData();
  again.append('file', new Blob([encoded]), 'encoded.opus');
  const same = await fetch(`${base}/api/tracks`, { method: 'POST', headers: auth, body: again });
  if (same.status !== 201) throw new Error(`upload of the encode failed: ${same.status} ${await same.text()}`);
  const sameId = ((await same.json()) as { id: string }).id;
  const asCached = await throughput(url({ format: 'opus', bitrate: '128' }));
  const asOriginal = await throughput(url({}, sameId));
  console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each, whole files of ${encoded.length} bytes:`);
  console.log(`  cached Opus 128k encode:     ${asCached.mibs.toFixed(1)} MiB/s, ${asCached.rps.toFixed(1)} requests/s`);
  console.log(`  the same bytes as original:  ${asOriginal.mibs.toFixed(1)} MiB/s, ${asOriginal.rps.toFixed(1)} requests/s`);
  const ratio = asCached.mibs / asOriginal.mibs;
  console.log(`  cached encode / original, MiB/s: ${ratio.toFixed(2)} (target >= 0.80) ${ratio >= 0.8 ? 'OK' : 'MISSED'}`);
  console.log(`\nload average at the end: ${load()}`);

  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await container.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
