import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { XMLParser } from 'fast-xml-parser';
import { SYSTEM } from '../../src/shared/actor.js';
import { AUTH_STYLES, authParams, client, createSubsonicContext, importFixtureLibrary, restJson, type SubsonicContext, type SubsonicUser } from './support.js';

/** Covers and avatars: real pictures from the imported fixture library, resized by sharp and kept on disk. */
let ctx: SubsonicContext;
let alice: SubsonicUser;
const ids = { aurora: '', severny: '', dawn: '', nova: '', nightDrive: '', lastStop: '' };
let auroraCover = '';
let severnyCover = '';

beforeAll(async () => {
  ctx = await createSubsonicContext();
  alice = await ctx.subsonicUser('listener');
  await importFixtureLibrary(ctx);
  const { catalog } = ctx.container.services;
  const albums = (await catalog.listAlbums(SYSTEM, { limit: 100 })).items;
  const find = (title: string) => albums.find((a) => a.title === title)!;
  ids.aurora = find('Aurora').id;
  ids.severny = find('Северный ветер').id;
  ids.nightDrive = find('Night Drive').id;
  const tracks = (await catalog.listTracks(SYSTEM, { limit: 100 })).items;
  ids.dawn = tracks.find((t) => t.title === 'Dawn Chorus')!.id;
  ids.lastStop = tracks.find((t) => t.title === 'Last Stop')!.id;
  ids.nova = (await catalog.listArtists(SYSTEM, { limit: 100 })).items.find((a) => a.name === 'Nova Lights')!.id;
  auroraCover = find('Aurora').coverUrl!.split('/').pop()!;
  severnyCover = find('Северный ветер').coverUrl!.split('/').pop()!;
}, 120_000);
afterAll(() => ctx.close());

const stored = (name: string) => fs.readFileSync(path.join(ctx.config.mediaDir, 'images', name.slice(0, 2), name));
const cacheDir = () => path.join(ctx.config.dataDir, 'cache', 'covers');
const cached = () => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir(), { recursive: true }).map(String).filter((f) => /-\d+\.\w+$/.test(f)) : []);

describe.each(AUTH_STYLES)('getCoverArt through the npm client (%s)', (style) => {
  it('serves the coverArt id an album gives, byte for byte, to be kept for good', async () => {
    const album = await client(ctx, alice, style).getAlbum({ id: ids.aurora });
    expect(album.album.coverArt).toBe(auroraCover);
    const res = await client(ctx, alice, style).getCoverArt({ id: album.album.coverArt! });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(stored(auroraCover));
  });

  it('serves the picture of an album and of a track (its album\'s) by their ids', async () => {
    const res = await client(ctx, alice, style).getCoverArt({ id: ids.severny });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('private, max-age=86400');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(stored(severnyCover));
    const viaTrack = await client(ctx, alice, style).getCoverArt({ id: ids.dawn });
    expect(Buffer.from(await viaTrack.arrayBuffer())).toEqual(stored(auroraCover));
  });
});

describe('playlist covers', () => {
  it('serves the cover of one\'s own playlist by its id, and another listener\'s private one is not found', async () => {
    const png = fs.readFileSync(path.resolve('test/fixtures/audio/library/Кино Тишины/Северный ветер/cover.png'));
    const created = await ctx.http().post('/api/playlists').set('Authorization', `Bearer ${alice.token}`).send({ name: 'Night list' }).expect(201);
    await ctx.http().put(`/api/playlists/${created.body.id}/cover`).set('Authorization', `Bearer ${alice.token}`).set('Content-Type', 'image/png').send(png).expect(200);
    const mine = await client(ctx, alice).getCoverArt({ id: created.body.id as string });
    expect(mine.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await mine.arrayBuffer())).toEqual(png);
    const bob = await ctx.subsonicUser('listener');
    const theirs = await client(ctx, bob).getCoverArt({ id: created.body.id as string, f: 'json' } as never);
    expect(((await theirs.json()) as { 'subsonic-response': { error: unknown } })['subsonic-response'].error).toMatchObject({ code: 70 });
  });
});

describe('resized covers', () => {
  it('makes a smaller copy once, keeps it on disk, and serves the kept copy after', async () => {
    const before = cached().length;
    const first = await client(ctx, alice).getCoverArt({ id: severnyCover, size: 64 });
    expect(first.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await first.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    const original = await sharp(stored(severnyCover)).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(Math.min(64, Math.max(original.width!, original.height!)));
    const made = cached();
    expect(made.length).toBe(before + 1);
    const file = path.join(cacheDir(), made.find((f) => f.endsWith('-64.png'))!);
    const mtime = fs.statSync(file).mtimeMs;
    const again = await client(ctx, alice, 'token').getCoverArt({ id: ids.severny, size: 64 });
    expect(Buffer.from(await again.arrayBuffer())).toEqual(bytes);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(cached().length).toBe(before + 1);
  });

  it('answers a repeated request with 304 by its ETag', async () => {
    const p = authParams(alice);
    p.set('id', auroraCover);
    p.set('size', '32');
    const first = await fetch(`${ctx.url}/rest/getCoverArt.view?${p}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/-32"$/);
    const again = await fetch(`${ctx.url}/rest/getCoverArt.view?${p}`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('sends a picture as stored past the largest size it makes', async () => {
    const res = await client(ctx, alice).getCoverArt({ id: auroraCover, size: 100_000 });
    expect(Buffer.from(await res.arrayBuffer())).toEqual(stored(auroraCover));
  });
});

describe('cover art errors', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  const errorOf = async (params: Record<string, string>, name = 'getCoverArt') => {
    const p = authParams(alice, 'encPassword');
    for (const [k, v] of Object.entries(params)) p.set(k, v);
    const res = await fetch(`${ctx.url}/rest/${name}?${p}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    return xml.parse(await res.text())['subsonic-response'].error as { '@code': string };
  };

  it('is an error document, never a broken image: 10 without an id, 70 for nothing there, 0 for a bad size', async () => {
    expect(await errorOf({})).toMatchObject({ '@code': '10' });
    expect(await errorOf({ id: ids.nova })).toMatchObject({ '@code': '70' }); // an artist without a photo
    expect(await errorOf({ id: ids.nightDrive })).toMatchObject({ '@code': '70' }); // an album without a cover
    expect(await errorOf({ id: ids.lastStop })).toMatchObject({ '@code': '70' });
    expect(await errorOf({ id: '0'.repeat(64) + '.jpg' })).toMatchObject({ '@code': '70' });
    expect(await errorOf({ id: '../../etc/passwd' })).toMatchObject({ '@code': '70' });
    expect(await errorOf({ id: auroraCover, size: '0' })).toMatchObject({ '@code': '0' });
    expect(await errorOf({ id: auroraCover, size: 'big' })).toMatchObject({ '@code': '0' });
  });
});

describe('getAvatar', () => {
  it('gives one\'s own picture, refuses someone else\'s (50) unless admin, and is 70 without one', async () => {
    const bob = await ctx.subsonicUser('listener');
    const admin = await ctx.subsonicUser('admin');
    const avatarOf = (who: SubsonicUser, username: string) => {
      const p = authParams(who);
      p.set('username', username);
      return restJson(ctx, 'getAvatar', p);
    };
    expect((await avatarOf(alice, alice.username)).body.error).toMatchObject({ code: 70 });
    expect((await avatarOf(alice, bob.username)).body.error).toMatchObject({ code: 50 });
    expect((await avatarOf(alice, 'no-such-user')).body.error).toMatchObject({ code: 50 });
    expect((await avatarOf(admin, 'no-such-user')).body.error).toMatchObject({ code: 70 });
    expect((await restJson(ctx, 'getAvatar', authParams(alice))).body.error).toMatchObject({ code: 10 });

    // Rhythmo has no picture upload for accounts yet; the stored key is set as the panel would.
    const key = `images/${severnyCover.slice(0, 2)}/${severnyCover}`;
    await ctx.container.db.sequelize.query('UPDATE users SET avatar_key = :key WHERE id = :id', { replacements: { key, id: bob.id } });
    for (const who of [bob, admin]) {
      const res = await client(ctx, who).getAvatar({ username: bob.username });
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(stored(severnyCover));
    }
    expect((await avatarOf(alice, bob.username)).body.error).toMatchObject({ code: 50 });
  });
});
