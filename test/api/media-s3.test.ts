import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures, storedFiles } from '../support/media.js';
import { startS3, type TestS3 } from '../support/s3.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { prepareServer } from '../../src/server.js';

// STORAGE=s3: uploads, imports, covers and streams go through an S3-protocol server (s3rver),
// with nothing kept under the media folder but files on their way in.

let s3: TestS3;
let fixtures: ReturnType<typeof copyAudioFixtures>;
beforeAll(async () => {
  s3 = await startS3();
  fixtures = copyAudioFixtures();
});
afterAll(async () => {
  await s3.close();
  fixtures.remove();
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const audioKey = (data: Buffer, ext: string) => `audio/${sha(data).slice(0, 2)}/${sha(data)}.${ext}`;
const fixture = (rel: string) => path.join(fixtures.dir, rel);

/** The app on a port of its own, reached the way real clients reach it (fetch, FormData). */
const origins = new Map<TestContext, string>();
async function listen(ctx: TestContext): Promise<() => Promise<void>> {
  const server = http.createServer(ctx.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origins.set(ctx, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
}
const origin = (ctx: TestContext) => origins.get(ctx)!;

async function upload(ctx: TestContext, user: TestUser, file: string, type = 'audio/mpeg'): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(file)], { type }), path.basename(file));
  return fetch(`${origin(ctx)}/api/tracks`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${user.token}` } });
}
const streamOf = (ctx: TestContext, user: TestUser | null, trackId: string, headers: Record<string, string> = {}) =>
  fetch(`${origin(ctx)}/api/tracks/${trackId}/stream`, { headers: { ...headers, ...(user ? { Authorization: `Bearer ${user.token}` } : {}) }, redirect: 'manual' });

describe('STORAGE=s3, served through Rhythmo', () => {
  let ctx: TestContext;
  let stop: () => Promise<void>;
  let artist: TestUser;
  let listener: TestUser;
  let file: Buffer;
  let trackId: string;

  beforeAll(async () => {
    ctx = await createTestContext(s3.env);
    stop = await listen(ctx);
    artist = await ctx.user('artist');
    listener = await ctx.user('listener');
    file = fs.readFileSync(fixture('long/long-60s.mp3'));
    const res = await upload(ctx, artist, fixture('long/long-60s.mp3'));
    expect(res.status).toBe(201);
    trackId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await stop();
    await ctx.close();
  });

  it('puts the upload in the bucket under its content key, leaving nothing on local disk', async () => {
    expect(await s3.keys()).toContain(audioKey(file, 'mp3'));
    expect(storedFiles(ctx)).toEqual([]);
  });

  it('streams the whole file and exact byte ranges from the bucket', async () => {
    const whole = await streamOf(ctx, listener, trackId);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(file.length));
    expect(Buffer.compare(Buffer.from(await whole.arrayBuffer()), file)).toBe(0);

    const part = await streamOf(ctx, listener, trackId, { Range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${file.length}`);
    expect(Buffer.compare(Buffer.from(await part.arrayBuffer()), file.subarray(1000, 2000))).toBe(0);

    const tail = await streamOf(ctx, listener, trackId, { Range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(Buffer.compare(Buffer.from(await tail.arrayBuffer()), file.subarray(file.length - 10))).toBe(0);

    expect((await streamOf(ctx, listener, trackId, { Range: `bytes=${file.length}-` })).status).toBe(416);
    expect((await streamOf(ctx, listener, trackId, { 'If-None-Match': `"${sha(file)}"` })).status).toBe(304);
    expect((await streamOf(ctx, null, trackId)).status).toBe(401);
  });

  it('refuses a listener and a file that is not audio, writing nothing to the bucket', async () => {
    const before = await s3.keys();
    expect((await upload(ctx, listener, fixture('library/Nova Lights/Aurora (2021)/03 - Solar Wind.mp3'))).status).toBe(403);
    const bad = await upload(ctx, artist, fixture('bad/not-audio.mp3'));
    expect(bad.status).toBe(415);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await s3.keys()).toEqual(before);
    expect(storedFiles(ctx)).toEqual([]);
  });

  it('stores a cover in the bucket and serves it by its public name', async () => {
    const png = fs.readFileSync(fixture('library/Кино Тишины/Северный ветер/cover.png'));
    const res = await fetch(`${origin(ctx)}/api/tracks/${trackId}/cover`, { method: 'PUT', body: png, headers: { Authorization: `Bearer ${artist.token}`, 'Content-Type': 'image/png' } });
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    expect(await s3.keys()).toContain(`images/${sha(png).slice(0, 2)}/${sha(png)}.png`);
    const image = await fetch(`${origin(ctx)}${url}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.compare(Buffer.from(await image.arrayBuffer()), png)).toBe(0);
  });

  it('imports a folder into the bucket, its audio committed a batch at a time', async () => {
    const folder = fixture('library/Кино Тишины');
    const report = await ctx.container.services.imports.run(SYSTEM, { paths: [folder], concurrency: 2 });
    expect(report.summary).toMatchObject({ failed: 0, imported: 2 });
    const keys = await s3.keys();
    for (const name of fs.readdirSync(path.join(folder, 'Северный ветер')).filter((n) => n.endsWith('.flac'))) {
      expect(keys).toContain(audioKey(fs.readFileSync(path.join(folder, 'Северный ветер', name)), 'flac'));
    }
    expect(storedFiles(ctx)).toEqual([]);
  });

  it('deletes the object once the track is gone, and a vanished object is a 404', async () => {
    const other = fixture('library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3');
    const created = await upload(ctx, artist, other);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const key = audioKey(fs.readFileSync(other), 'mp3');
    expect(await s3.keys()).toContain(key);
    expect((await streamOf(ctx, listener, id)).status).toBe(200);

    const del = await fetch(`${origin(ctx)}/api/tracks/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${artist.token}` } });
    expect(del.status).toBe(204);
    expect(await s3.keys()).not.toContain(key);
    expect((await streamOf(ctx, listener, id)).status).toBe(404);

    // Removed from the bucket behind the server's back: the stream answers 404, not a broken 200.
    await ctx.container.storage.delete([audioKey(file, 'mp3')]);
    const gone = await streamOf(ctx, listener, trackId, { Range: 'bytes=0-99' });
    expect(gone.status).toBe(404);
  });
});

describe('STORAGE=s3 start-up', () => {
  it('refuses to start on a bucket it cannot use, naming the bucket and the endpoint', async () => {
    const ctx = await createTestContext({ ...s3.env, S3_BUCKET: 'no-such-bucket' });
    try {
      await expect(prepareServer(ctx.container)).rejects.toThrow(`The bucket "no-such-bucket" at ${s3.settings.endpoint} cannot be used: it does not exist`);
    } finally {
      await ctx.close();
    }
  });
});

describe('STORAGE=s3 with S3_PRESIGNED_REDIRECT', () => {
  let ctx: TestContext;
  let stop: () => Promise<void>;
  let listener: TestUser;
  let file: Buffer;
  let trackId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ ...s3.env, S3_PRESIGNED_REDIRECT: 'true', S3_PRESIGNED_TTL_SECONDS: '120' });
    stop = await listen(ctx);
    const artist = await ctx.user('artist');
    listener = await ctx.user('listener');
    const rel = 'library/Various Artists/Night Drive/01.ogg';
    file = fs.readFileSync(fixture(rel));
    const res = await upload(ctx, artist, fixture(rel), 'audio/ogg');
    expect(res.status).toBe(201);
    trackId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await stop();
    await ctx.close();
  });

  it('answers 302 to a presigned URL of the store, which serves the bytes and their ranges', async () => {
    const res = await streamOf(ctx, listener, trackId);
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(s3.settings.endpoint);
    expect(location.pathname).toBe(`/${s3.settings.bucket}/${audioKey(file, 'ogg')}`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('120');

    const whole = await fetch(location);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.compare(Buffer.from(await whole.arrayBuffer()), file)).toBe(0);
    const part = await fetch(location, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(Buffer.compare(Buffer.from(await part.arrayBuffer()), file.subarray(100, 200))).toBe(0);

    // A player following the redirect itself ends at the bytes too.
    const followed = await fetch(`${origin(ctx)}/api/tracks/${trackId}/stream`, { headers: { Authorization: `Bearer ${listener.token}`, Range: 'bytes=0-9' } });
    expect(followed.status).toBe(206);
    expect(Buffer.compare(Buffer.from(await followed.arrayBuffer()), file.subarray(0, 10))).toBe(0);
  });

  it('still checks the caller and the track before handing anything over', async () => {
    expect((await streamOf(ctx, null, trackId)).status).toBe(401);
    const missing = await streamOf(ctx, listener, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('location')).toBeNull();
  });
});
