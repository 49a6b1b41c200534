import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures, countRows, storedFiles } from '../support/media.js';
import { brokenAudio } from '../support/broken-audio.js';

let ctx: TestContext;
let fixtures: ReturnType<typeof copyAudioFixtures>;
let broken: ReturnType<typeof brokenAudio>;
let admin: TestUser;
let listener: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  fixtures = copyAudioFixtures();
  broken = brokenAudio(fixtures.dir, path.join(fixtures.dir, 'broken'));
  admin = await ctx.user('admin');
  listener = await ctx.user('listener');
});
afterAll(async () => {
  await ctx.close();
  fixtures.remove();
});

const upload = (user: TestUser | null, file: string | Buffer, name?: string) => {
  const req = ctx.http().post('/api/tracks');
  return (user ? req.set(bearer(user)) : req).attach('file', file, name);
};

describe('POST /api/tracks refuses audio whose size or frames cannot hold what it declares', () => {
  it.each(['fake-21min.flac', 'cut.wav', 'cut.mp3', 'cut.flac'])('refuses %s with 400 and a reason, storing nothing', async (name) => {
    const { file, reason } = broken[name]!;
    const res = await upload(admin, file);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(reason);
    expect(await countRows(ctx, 'tracks')).toBe(0);
    // Neither the stored audio nor the staged upload is left behind.
    expect(storedFiles(ctx)).toEqual([]);
  });

  it('checks the role before the file: 401 without a token, 403 for a listener', async () => {
    // The bytes in memory, so the whole body is written before the early answer can arrive and
    // close the connection: a file path is read in chunks, and a write after that is an EPIPE.
    const bytes = fs.readFileSync(broken['fake-21min.flac']!.file);
    expect((await upload(null, bytes, 'fake-21min.flac')).status).toBe(401);
    expect((await upload(listener, bytes, 'fake-21min.flac')).status).toBe(403);
    expect(await countRows(ctx, 'tracks')).toBe(0);
  });

  it('still takes the whole files they were cut from', async () => {
    for (const rel of ['Various Artists/Night Drive/04.wav', 'Кино Тишины/Северный ветер/02 Лёд.flac']) {
      expect((await upload(admin, path.join(fixtures.dir, 'library', rel))).status).toBe(201);
    }
    expect((await upload(admin, path.join(fixtures.dir, 'long/long-60s.mp3'))).status).toBe(201);
    expect(await countRows(ctx, 'tracks')).toBe(3);
  });
});
