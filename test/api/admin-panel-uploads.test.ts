import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { listen } from '../support/browser.js';
import { makeArtist } from '../support/fixtures.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';
import { countRows, storedFiles } from '../support/media.js';
import { createApp } from '../../src/http/app.js';
import { buildAdminPanel } from '../../src/admin/admin-panel.js';
import { prepareServer } from '../../src/server.js';

const LIBRARY = path.join(AUDIO_FIXTURES, 'library/Nova Lights/Aurora (2021)');
const NEW_TRACK = '/admin/api/resources/tracks/actions/new';

let ctx: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let artist: TestUser;
let mine: { id: string };
let scratch: string;

beforeAll(async () => {
  ctx = await createTestContext();
  server = await listen(createApp(ctx.container, { validateResponses: true, beforeBodyParsers: [await buildAdminPanel(ctx.container)] }));
  artist = await ctx.user('artist');
  mine = await makeArtist({ name: 'Upload Mine', managerId: artist.id });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-panel-'));
});
afterAll(async () => {
  await server?.close();
  await ctx?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function signIn(user: { email: string; password: string }) {
  const agent = request.agent(server.url).set('Origin', server.url);
  const res = await agent.post('/admin/login').field('email', user.email).field('password', user.password);
  expect(res.status).toBe(302);
  return agent;
}

/** A server file that would be accepted as audio, last read long before its last change. */
function serverFile(name: string, fixture = '03 - Solar Wind.mp3'): string {
  const file = path.join(scratch, name);
  fs.copyFileSync(path.join(LIBRARY, fixture), file);
  fs.utimesSync(file, new Date('2001-01-01'), new Date());
  return file;
}
const lastRead = (file: string) => fs.statSync(file).atimeMs;

const tempDir = () => ctx.container.storage.stagingDir!;
const uploadsIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith('upload_')) : []);
const audioStored = () => storedFiles(ctx).filter((f) => f.startsWith('audio'));

/** What a refusal says, without the record's echo of the submitted values. */
const answer = (res: request.Response) => ({ status: res.status, notice: res.body.notice, errors: res.body.record?.errors });

describe('files named by a form field', () => {
  const shapes = ['audioFile.path', 'audioFile.filepath'];

  it('are never read, urlencoded or multipart, and an existing path answers like a missing one', async () => {
    const agent = await signIn(artist);
    const existing = serverFile('existing.mp3');
    const missing = path.join(scratch, 'missing.mp3');
    const before = { tracks: await countRows(ctx, 'tracks'), read: lastRead(existing) };
    for (const field of shapes) {
      const answers = [];
      for (const file of [existing, missing]) {
        const form = { [field]: file, title: 'Smuggled', 'artistIds.0': mine.id };
        const urlencoded = await agent.post(NEW_TRACK).type('form').send(form);
        let multipart = agent.post(NEW_TRACK);
        for (const [k, v] of Object.entries(form)) multipart = multipart.field(k, v);
        answers.push(answer(urlencoded), answer(await multipart));
      }
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(a.notice).toMatchObject({ type: 'error' });
        expect(a).toEqual(answers[0]);
      }
      expect(JSON.stringify(answers)).not.toContain(scratch);
    }
    const json = await agent.post(NEW_TRACK).send({ audioFile: { path: existing, size: 1, type: 'audio/mpeg' }, title: 'Smuggled' });
    expect(json.body.notice).toMatchObject({ type: 'error' });
    expect(await countRows(ctx, 'tracks')).toBe(before.tracks);
    expect(audioStored()).toEqual([]);
    expect(lastRead(existing)).toBe(before.read);
  });

  it('cannot replace the file the same request uploaded', async () => {
    const agent = await signIn(artist);
    const existing = serverFile('beside-upload.mp3', '02 - Polar Drift.mp3');
    const res = await agent
      .post(NEW_TRACK)
      .field('audioFile.path', existing)
      .field('title', 'Uploaded Beside A Path')
      .field('artistIds.0', mine.id)
      .attach('audioFile', path.join(LIBRARY, '01 - Dawn Chorus.mp3'));
    expect(res.body.notice).toMatchObject({ type: 'success' });
    expect(lastRead(existing)).toBe(new Date('2001-01-01').getTime());
    const [rows] = await ctx.container.db.sequelize.query('SELECT audio_size_bytes AS size FROM tracks WHERE title = ?', { replacements: ['Uploaded Beside A Path'] });
    expect(Number((rows as { size: number }[])[0]!.size)).toBe(fs.statSync(path.join(LIBRARY, '01 - Dawn Chorus.mp3')).size);
  });
});

describe('panel uploads', () => {
  it('store the uploaded file as a track, and leave no temporary file after a success, a refusal or a duplicate', async () => {
    const agent = await signIn(artist);
    const tracksBefore = await countRows(ctx, 'tracks');
    const tmpBefore = new Set(uploadsIn(os.tmpdir()));
    const upload = (file: string, title: string) =>
      agent.post(NEW_TRACK).field('title', title).field('artistIds.0', mine.id).attach('audioFile', file);

    const ok = await upload(path.join(LIBRARY, '02 - Polar Drift.mp3'), 'Panel Upload');
    expect(ok.body.notice).toMatchObject({ type: 'success' });
    const id = ok.body.record.params.id as string;
    const streamed = await ctx.http().get(`/api/tracks/${id}/stream`).set('Authorization', `Bearer ${artist.token}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(Buffer.compare(streamed.body as Buffer, fs.readFileSync(path.join(LIBRARY, '02 - Polar Drift.mp3')))).toBe(0);

    const refused = await upload(path.join(AUDIO_FIXTURES, 'bad/not-audio.mp3'), 'Not Audio');
    expect(refused.body.notice).toMatchObject({ type: 'error' });
    const duplicate = await upload(path.join(LIBRARY, '02 - Polar Drift.mp3'), 'Again');
    expect(duplicate.body.notice).toMatchObject({ type: 'error' });
    expect(duplicate.body.notice.message).toMatch(/already stored/);

    expect(uploadsIn(os.tmpdir()).filter((n) => !tmpBefore.has(n))).toEqual([]);
    expect(fs.existsSync(tempDir()) ? fs.readdirSync(tempDir()) : []).toEqual([]);
    expect(await countRows(ctx, 'tracks')).toBe(tracksBefore + 1);
  });

  it('are refused without an upload, and nothing is written', async () => {
    const agent = await signIn(artist);
    const before = await countRows(ctx, 'tracks');
    const res = await agent.post(NEW_TRACK).field('title', 'No File').field('artistIds.0', mine.id);
    expect(res.body.notice).toMatchObject({ type: 'error' });
    expect(res.body.record.errors.audioFile.message).toMatch(/required/);
    expect(await countRows(ctx, 'tracks')).toBe(before);
  });

  it('left behind by a crash are swept at start', async () => {
    fs.mkdirSync(tempDir(), { recursive: true });
    const stale = path.join(tempDir(), 'upload_0123456789abcdef');
    fs.writeFileSync(stale, 'left over');
    fs.utimesSync(stale, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    await prepareServer(ctx.container);
    expect(fs.existsSync(stale)).toBe(false);
  });
});

describe('a form the parser cannot take', () => {
  it('is refused with a clear 4xx (too large, anonymous, broken) and leaves no file', async () => {
    const small = await createTestContext({ MAX_UPLOAD_MB: '1' });
    const smallServer = await listen(createApp(small.container, { beforeBodyParsers: [await buildAdminPanel(small.container)] }));
    try {
      const user = await small.user('artist');
      await makeArtist({ name: 'Small Limit', managerId: user.id });
      const agent = request.agent(smallServer.url).set('Origin', smallServer.url);
      await agent.post('/admin/login').field('email', user.email).field('password', user.password);
      const res = await agent.post(NEW_TRACK).field('title', 'Too Big').attach('audioFile', Buffer.alloc(3 * 1024 * 1024, 1), 'big.mp3');
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toMatch(/limit of 1 MB/);
      const anonymous = await request(smallServer.url).post(NEW_TRACK).set('Origin', smallServer.url).attach('audioFile', Buffer.alloc(1024, 1), 'a.mp3');
      expect(anonymous.status).toBe(413);
      const broken = await agent.post(NEW_TRACK).set('Content-Type', 'multipart/form-data; boundary=xyz').send('--xyz\r\nContent-Disposition: form-data; name="audioFile"; filename="a.mp3"\r\n\r\nabc\r\n--nope');
      expect(broken.status).toBeGreaterThanOrEqual(400);
      expect(broken.status).toBeLessThan(500);
      expect(await countRows(small, 'tracks')).toBe(0);
      const dir = small.container.storage.stagingDir!;
      expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
    } finally {
      await smallServer.close();
      await small.close();
    }
  });
});
