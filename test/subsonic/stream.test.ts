import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SYSTEM } from '../../src/shared/actor.js';
import { childrenGone } from '../support/children.js';
import { authParams, createSubsonicContext, importFixtureLibrary, restJson, type SubsonicContext, type SubsonicUser } from './support.js';

/** Subsonic stream and download over the API's one stream path, with real ffmpeg. */
let ctx: SubsonicContext;
let alice: SubsonicUser;
let flacId = '';
const flac = fs.readFileSync(path.resolve('test/fixtures/audio/library/Кино Тишины/Северный ветер/01 Северный ветер.flac'));

beforeAll(async () => {
  ctx = await createSubsonicContext();
  alice = await ctx.subsonicUser('listener');
  await importFixtureLibrary(ctx);
  const tracks = (await ctx.container.services.catalog.listTracks(SYSTEM, { limit: 100 })).items;
  flacId = tracks.find((t) => t.title === 'Северный ветер')!.id;
}, 60_000);
afterAll(async () => {
  await ctx.close();
  expect(await childrenGone('ffmpeg')).toEqual([]);
});

const call = (name: string, params: Record<string, string>) => {
  const query = authParams(alice);
  for (const [k, v] of Object.entries(params)) query.set(k, v);
  return fetch(`${ctx.url}/rest/${name}?${query}`);
};

function seconds(body: Buffer, ext: string): number {
  const file = path.join(os.tmpdir(), `subsonic-stream-${process.pid}.${ext}`);
  fs.writeFileSync(file, body);
  try {
    return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString());
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('stream', () => {
  it('sends the original untouched without a wish, and for format=raw or a format it does not encode', async () => {
    for (const params of [{}, { format: 'raw', maxBitRate: '64' }, { format: 'flac' }] as Record<string, string>[]) {
      const res = await call('stream', { id: flacId, ...params });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/flac');
      expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), flac)).toBe(0);
    }
  });

  it('encodes to MP3 under maxBitRate, with its duration and an estimated Content-Length on request', async () => {
    const res = await call('stream.view', { id: flacId, format: 'mp3', maxBitRate: '128', estimateContentLength: 'true' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    const duration = Number(res.headers.get('x-content-duration'));
    expect(duration).toBeGreaterThan(1);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(Number(res.headers.get('content-length')));
    expect(Math.abs(seconds(body, 'mp3') - duration)).toBeLessThan(0.5);
  });

  it('starts at timeOffset seconds (not cached)', async () => {
    const whole = seconds(Buffer.from(await (await call('stream', { id: flacId, format: 'opus' })).arrayBuffer()), 'opus');
    const res = await call('stream', { id: flacId, format: 'opus', timeOffset: '2' });
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('none');
    const later = seconds(Buffer.from(await res.arrayBuffer()), 'opus');
    expect(whole - later).toBeGreaterThan(1.5);
    expect(whole - later).toBeLessThan(2.5);
  });

  it('answers in the envelope before streaming: unknown song 70, bad number 0, missing id 10', async () => {
    const q = authParams(alice);
    q.set('id', '00000000-0000-4000-8000-000000000000');
    expect((await restJson(ctx, 'stream', q)).body.error?.code).toBe(70);
    q.set('id', flacId);
    q.set('maxBitRate', 'fast');
    expect((await restJson(ctx, 'stream', q)).body.error?.code).toBe(0);
    expect((await restJson(ctx, 'stream', authParams(alice))).body.error?.code).toBe(10);
  });
});

describe('download', () => {
  it('is always the original, whatever format is asked', async () => {
    const res = await call('download', { id: flacId, format: 'mp3', maxBitRate: '64' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/flac');
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), flac)).toBe(0);
    const range = await fetch(`${ctx.url}/rest/download?${authParams(alice)}&id=${flacId}`, { headers: { Range: 'bytes=0-9' } });
    expect(range.status).toBe(206);
    expect(Buffer.compare(Buffer.from(await range.arrayBuffer()), flac.subarray(0, 10))).toBe(0);
  });
});

// Last: a second context on PostgreSQL shares this worker's database, and empties it.
describe('transcodeOffset in getOpenSubsonicExtensions', () => {
  const names = async (c: SubsonicContext) => {
    const { body } = await restJson(c, 'getOpenSubsonicExtensions', new URLSearchParams());
    return (body.openSubsonicExtensions as { name: string }[]).map((e) => e.name);
  };

  it('is offered with ffmpeg, and left out without it, where streams are originals', async () => {
    expect(await names(ctx)).toContain('transcodeOffset');
    const bare = await createSubsonicContext({ FFMPEG_PATH: '/nonexistent/ffmpeg' });
    try {
      expect(await names(bare)).not.toContain('transcodeOffset');
      expect(await names(bare)).toContain('formPost');
    } finally {
      await bare.close();
    }
  });
});
