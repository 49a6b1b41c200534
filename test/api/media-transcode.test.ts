import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures } from '../support/media.js';
import { listen } from '../support/browser.js';
import { childProcesses, childrenGone } from '../support/children.js';
import { TranscodeCache } from '../../src/modules/media/index.js';
import { createLogger } from '../../src/shared/logger.js';

/**
 * Transcoding through the REST door with the real ffmpeg, over a real socket (fetch), so that
 * streaming while encoding and a client going away are what a player does.
 */

let ctx: TestContext;
let api: Awaited<ReturnType<typeof listen>>;
let fixtures: ReturnType<typeof copyAudioFixtures>;
let admin: TestUser;
let listener: TestUser;
let trackId: string;
let longTrackId: string;
let original: Buffer;

const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
const streamUrl = (id: string, params: Record<string, string> = {}) => `${api.url}/api/tracks/${id}/stream?${new URLSearchParams(params).toString()}`;
const get = (id: string, params: Record<string, string> = {}, headers: Record<string, string> = {}, as: TestUser | null = listener) =>
  fetch(streamUrl(id, params), { headers: { ...(as ? auth(as) : {}), ...headers } });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
const cacheDir = () => ctx.config.transcode.cacheDir;
const cachedNames = () => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()) : []);

async function upload(file: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(file)]), path.basename(file));
  const res = await fetch(`${api.url}/api/tracks`, { method: 'POST', headers: auth(admin), body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  ctx = await createTestContext({ TRANSCODE_MAX_CONCURRENT: '1' });
  api = await listen(ctx.app);
  fixtures = copyAudioFixtures();
  admin = await ctx.user('admin');
  listener = await ctx.user('listener');
  const long = path.join(fixtures.dir, 'long/long-60s.mp3');
  original = fs.readFileSync(long);
  trackId = await upload(long);
  // Ten minutes of the same audio (stream copy, no re-encoding): an encode that takes a while.
  const ten = path.join(fixtures.dir, 'long/long-600s.mp3');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-stream_loop', '9', '-i', long, '-c', 'copy', ten]);
  longTrackId = await upload(ten);
}, 60_000);
afterAll(async () => {
  await api?.close();
  await ctx?.close();
  fixtures?.remove();
  expect(await childrenGone('ffmpeg')).toEqual([]);
});

describe('the original when it fits', () => {
  it.each([[{ format: 'mp3' }], [{ format: 'mp3', bitrate: '320' }], [{ bitrate: '192' }], [{ format: 'raw', bitrate: '64' }]])(
    'sends the stored file untouched for %j',
    async (params) => {
      const res = await get(trackId, params);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/mpeg');
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      expect(Buffer.compare(await bytes(res), original)).toBe(0);
    },
  );
});

describe('a transcoded stream', () => {
  it('streams the first play while encoding, then serves the cached encode with ranges', async () => {
    const first = await get(trackId, { format: 'opus', bitrate: '64' });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('audio/ogg');
    expect(first.headers.get('accept-ranges')).toBe('none');
    expect(first.headers.get('content-length')).toBeNull();
    expect(Number(first.headers.get('x-content-duration'))).toBeCloseTo(60, 0);
    // About 60 s at 64 kbps.
    expect(Math.abs(Number(first.headers.get('x-estimated-content-length')) - 480_240)).toBeLessThan(200);
    const body = await bytes(first);
    expect(body.subarray(0, 4).toString('latin1')).toBe('OggS');
    // A 64 kbps minute: about 480 kB, far from the 960 kB original.
    expect(body.length).toBeGreaterThan(300_000);
    expect(body.length).toBeLessThan(700_000);

    const second = await get(trackId, { format: 'opus', bitrate: '64' });
    expect(second.status).toBe(200);
    expect(second.headers.get('accept-ranges')).toBe('bytes');
    expect(second.headers.get('content-length')).toBe(String(body.length));
    expect(Buffer.compare(await bytes(second), body)).toBe(0);

    const range = await get(trackId, { format: 'opus', bitrate: '64' }, { Range: 'bytes=1000-1999' });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 1000-1999/${body.length}`);
    expect(Buffer.compare(await bytes(range), body.subarray(1000, 2000))).toBe(0);
    const etag = range.headers.get('etag')!;
    expect((await get(trackId, { format: 'opus', bitrate: '64' }, { 'If-None-Match': etag })).status).toBe(304);

    // Removed behind this process's back (another worker's eviction): encoded again, not a 500.
    for (const name of cachedNames().filter((n) => n.endsWith('.64k.opus'))) fs.rmSync(path.join(cacheDir(), name));
    const again = await get(trackId, { format: 'opus', bitrate: '64' });
    expect(again.status).toBe(200);
    expect(again.headers.get('accept-ranges')).toBe('none');
    expect((await bytes(again)).length).toBe(body.length);
  });

  it.each([
    ['mp3', '96', 'audio/mpeg'],
    ['ogg', '96', 'audio/ogg'],
    ['aac', '96', 'audio/aac'],
  ])('encodes %s at %s kbps as %s', async (format, bitrate, type) => {
    const res = await get(trackId, { format, bitrate });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    const body = await bytes(res);
    const file = path.join(fixtures.dir, `encoded.${format}`);
    fs.writeFileSync(file, body);
    const probed = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString();
    expect(Number(probed)).toBeGreaterThan(55);
    expect(Number(probed)).toBeLessThan(65);
  });

  it('answers HEAD with the headers and starts no encode', async () => {
    const before = cachedNames().length;
    const res = await fetch(streamUrl(trackId, { format: 'mp3', bitrate: '48' }), { method: 'HEAD', headers: auth(listener) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(res.headers.get('accept-ranges')).toBe('none');
    expect(childProcesses('ffmpeg')).toEqual([]);
    expect(cachedNames().length).toBe(before);
  });

  it('runs one encode for concurrent requests of the same stream (the bound is 1, none is refused)', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => get(longTrackId, { format: 'mp3', bitrate: '64' })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(answers.map(bytes));
    expect(Buffer.compare(bodies[0]!, bodies[1]!)).toBe(0);
    expect(Buffer.compare(bodies[0]!, bodies[2]!)).toBe(0);
    expect(cachedNames().filter((n) => n.endsWith('.64k.mp3'))).toHaveLength(1);
  }, 60_000);

  it('refuses a second encode past the bound with 503 and Retry-After, and ends ffmpeg when the listener leaves', async () => {
    const controller = new AbortController();
    const busy = await fetch(streamUrl(longTrackId, { format: 'opus', bitrate: '96' }), { headers: auth(listener), signal: controller.signal });
    expect(busy.status).toBe(200);
    const reader = busy.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    const running = childProcesses('ffmpeg');
    expect(running).toHaveLength(1);

    const refused = await get(longTrackId, { format: 'aac', bitrate: '96' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);

    controller.abort();
    await reader.cancel().catch(() => undefined);
    expect(await childrenGone('ffmpeg')).toEqual([]);
    // Killed, not merely orphaned: the pid is gone or a zombie waiting for Node to reap it.
    const stat = fs.existsSync(`/proc/${running[0]}/stat`) ? fs.readFileSync(`/proc/${running[0]}/stat`, 'utf8') : '';
    expect(stat.includes('(ffmpeg)') && !/\) Z /.test(stat)).toBe(false);
    // Nothing half-written is kept: neither the encode nor its partial file (removed once ffmpeg is reaped).
    const until = Date.now() + 5000;
    while (cachedNames().some((n) => n.includes('.96k.opus')) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    expect(cachedNames().filter((n) => n.includes('.96k.opus'))).toEqual([]);
  }, 60_000);
});

describe('bad input and access', () => {
  it.each([[{ format: 'flac' }], [{ bitrate: '8' }], [{ bitrate: '999' }], [{ bitrate: 'high' }], [{ format: 'mp3', bitrate: '64.5' }]])(
    'refuses %j with 400 and encodes nothing',
    async (params) => {
      const before = cachedNames();
      const res = await get(trackId, params);
      expect(res.status).toBe(400);
      expect(cachedNames()).toEqual(before);
    },
  );

  it('asks for credentials and hides unknown tracks', async () => {
    expect((await get(trackId, { format: 'mp3', bitrate: '64' }, {}, null)).status).toBe(401);
    expect((await get('00000000-0000-4000-8000-000000000000', { format: 'mp3', bitrate: '64' })).status).toBe(404);
  });
});

describe('signed URLs', () => {
  it('carry the format and bitrate they were made for; changing either fails', async () => {
    const made = await fetch(`${api.url}/api/tracks/${trackId}/stream-url?${new URLSearchParams({ format: 'opus', bitrate: '48' })}`, { method: 'POST', headers: auth(listener) });
    expect(made.status).toBe(200);
    const { url } = (await made.json()) as { url: string };
    const signed = new URL(url, api.url);
    expect(signed.searchParams.get('format')).toBe('opus');
    const res = await fetch(signed);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/ogg');
    await bytes(res);

    for (const change of [{ bitrate: '320' }, { format: 'mp3' }, { format: 'raw' }]) {
      const tampered = new URL(signed);
      for (const [k, v] of Object.entries(change)) tampered.searchParams.set(k, v);
      expect((await fetch(tampered)).status).toBe(401);
    }
    const dropped = new URL(signed);
    dropped.searchParams.delete('format');
    expect((await fetch(dropped)).status).toBe(401);
  });

  it('refuses to make one for a format it does not know', async () => {
    const res = await fetch(`${api.url}/api/tracks/${trackId}/stream-url?format=wma`, { method: 'POST', headers: auth(listener) });
    expect(res.status).toBe(400);
  });
});

describe('without ffmpeg', () => {
  it('serves originals only', async () => {
    const bare = await createTestContext({ FFMPEG_PATH: '/nonexistent/ffmpeg' });
    const server = await listen(bare.app);
    try {
      const user = await bare.user('admin');
      const form = new FormData();
      form.append('file', new Blob([original]), 'long-60s.mp3');
      const created = await fetch(`${server.url}/api/tracks`, { method: 'POST', headers: auth(user), body: form });
      const { id } = (await created.json()) as { id: string };
      const res = await fetch(`${server.url}/api/tracks/${id}/stream?format=opus&bitrate=64`, { headers: auth(user) });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/mpeg');
      expect(Buffer.compare(await bytes(res), original)).toBe(0);
      expect(await bare.container.services.media.transcoder!.available()).toBe(false);
    } finally {
      await server.close();
      await bare.close();
    }
  });
});

describe('the transcode cache', () => {
  it('keeps the most recently used encodes within its cap', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transcodes-'));
    try {
      const cache = new TranscodeCache(dir, 250, createLogger('silent'));
      const put = async (name: string) => {
        const partial = await cache.partialPath(name);
        fs.writeFileSync(partial, Buffer.alloc(100));
        await cache.commit(partial, name);
      };
      await put('a');
      await put('b');
      expect(await cache.lookup('a')).not.toBeNull();
      await put('c');
      // b was used least recently.
      expect(fs.readdirSync(dir).sort()).toEqual(['a', 'c']);
      expect(await cache.lookup('b')).toBeNull();
      expect(cache.sizeBytes).toBe(200);
      // A restart reads the same order back from the files' times.
      const again = new TranscodeCache(dir, 150, createLogger('silent'));
      expect(await again.lookup('c')).not.toBeNull();
      expect(fs.readdirSync(dir)).toEqual(['c']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
