import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { newId } from '../../src/shared/ids.js';
import { AUTH_STYLES, authParams, client, createSubsonicContext, restJson, type SubsonicBody, type SubsonicContext, type SubsonicUser } from './support.js';

/**
 * Browsing a real library: the fixture folder imported as an admin would, then read through the
 * door by the npm client an app would use, in both authentication styles.
 */
let ctx: SubsonicContext;
let alice: SubsonicUser;
const ids = { nova: '', aurora: '', dawn: '', polar: '', nightDrive: '', kino: '', severny: '' };
let polarMs = 0;

beforeAll(async () => {
  ctx = await createSubsonicContext();
  alice = await ctx.subsonicUser('listener');
  // One file at a time: under jest's VM modules, concurrent first loads of music-metadata's parsers can fail to link.
  const report = await ctx.container.services.imports.run(SYSTEM, { paths: [path.resolve('test/fixtures/audio/library')], concurrency: 1 });
  expect(report.summary.failed).toBe(0);
  const { catalog } = ctx.container.services;
  const albums = (await catalog.listAlbums(SYSTEM, { limit: 100 })).items;
  const artists = (await catalog.listArtists(SYSTEM, { limit: 100 })).items;
  const tracks = (await catalog.listTracks(SYSTEM, { limit: 100 })).items;
  const byTitle = <T extends { title: string }>(list: T[], title: string) => list.find((x) => x.title === title)! as T & { id: string };
  ids.nova = artists.find((a) => a.name === 'Nova Lights')!.id;
  ids.kino = artists.find((a) => a.name === 'Кино Тишины')!.id;
  ids.aurora = byTitle(albums, 'Aurora').id;
  ids.nightDrive = byTitle(albums, 'Night Drive').id;
  ids.severny = byTitle(albums, 'Северный ветер').id;
  ids.dawn = byTitle(tracks, 'Dawn Chorus').id;
  ids.polar = byTitle(tracks, 'Polar Drift').id;
  polarMs = byTitle(tracks, 'Polar Drift').durationMs;
  const me = userActor(alice.id, alice.role);
  await ctx.container.services.library.likeTrack(me, ids.dawn);
  await ctx.container.services.library.saveAlbum(me, ids.aurora);
  await ctx.container.services.follows.follow(me, ids.nova);
  await ctx.container.services.ratings.rate(me, ids.dawn, 5);
  const at = Date.now() - 3_600_000;
  await ctx.container.services.plays.record(me, [
    { clientPlayId: 'p1', trackId: ids.polar, startedAt: new Date(at).toISOString(), msPlayed: polarMs, source: 'test' },
    { clientPlayId: 'p2', trackId: ids.polar, startedAt: new Date(at + 60_000).toISOString(), msPlayed: polarMs, source: 'test' },
  ]);
}, 120_000);
afterAll(() => ctx.close());

describe.each(AUTH_STYLES)('browsing through the npm client (%s)', (style) => {
  const api = () => client(ctx, alice, style);

  it('getMusicFolders lists the one library', async () => {
    expect(await api().getMusicFolders()).toMatchObject({ status: 'ok', musicFolders: { musicFolder: [{ id: 1, name: 'Music' }] } });
  });

  it('getArtists groups artists by letter past articles, with album counts and the caller\'s star', async () => {
    const res = await api().getArtists({});
    expect(res.status).toBe('ok');
    const index = res.artists.index!;
    const letters = index.map((i) => i.name);
    expect(letters).toEqual([...letters].sort((a, b) => (a === '#' ? 1 : b === '#' ? -1 : a.localeCompare(b))));
    const nova = index.flatMap((i) => i.artist ?? []).find((a) => a.id === ids.nova)!;
    expect(nova).toMatchObject({ name: 'Nova Lights', albumCount: 1 });
    expect(nova.starred).toBeInstanceOf(Date);
    expect(index.find((i) => i.name === 'N')!.artist!.map((a) => a.name)).toContain('Nova Lights');
    expect(res.artists.ignoredArticles).toContain('The');
  });

  it('getIndexes gives the folder-style index', async () => {
    const res = await api().getIndexes({});
    expect(res.indexes.lastModified).toEqual(expect.any(Number));
    expect(res.indexes.index!.flatMap((i) => i.artist ?? []).map((a) => a.name)).toEqual(expect.arrayContaining(['Nova Lights', 'Кино Тишины']));
  });

  it('getArtist lists the artist\'s albums as AlbumID3', async () => {
    const res = await api().getArtist({ id: ids.nova });
    expect(res.artist).toMatchObject({ id: ids.nova, name: 'Nova Lights', albumCount: 1, album: [{ id: ids.aurora, name: 'Aurora', songCount: 3, year: 2021, artistId: ids.nova }] });
  });

  it('getAlbum gives the album with its songs in order, each with the fields apps read', async () => {
    const res = await api().getAlbum({ id: ids.aurora });
    expect(res.album).toMatchObject({ id: ids.aurora, name: 'Aurora', artist: 'Nova Lights', songCount: 3, genre: 'Synthwave', genres: [{ name: 'Synthwave' }] });
    expect(res.album.starred).toBeInstanceOf(Date);
    expect(res.album.song!.map((s) => s.title)).toEqual(['Dawn Chorus', 'Polar Drift', 'Solar Wind']);
    const dawn = res.album.song![0]!;
    expect(dawn).toMatchObject({
      id: ids.dawn, parent: ids.aurora, albumId: ids.aurora, artistId: ids.nova, isDir: false, album: 'Aurora', artist: 'Nova Lights', track: 1, year: 2021,
      suffix: 'mp3', contentType: 'audio/mpeg', type: 'music', mediaType: 'song', userRating: 5, displayArtist: 'Nova Lights',
      artists: [{ id: ids.nova, name: 'Nova Lights' }], albumArtists: [{ id: ids.nova, name: 'Nova Lights' }], genres: [{ name: 'Synthwave' }], replayGain: {},
    });
    expect(dawn.starred).toBeInstanceOf(Date);
    expect(dawn.duration).toBeGreaterThan(0);
    expect(dawn.size).toBeGreaterThan(0);
    expect(dawn.bitRate).toBeGreaterThan(0);
    const polar = res.album.song![1]!;
    expect(polar.starred).toBeUndefined();
    expect((polar as { played?: string }).played).toEqual(expect.any(String));
  });

  it('getSong gives one song; other formats keep their own suffix and type', async () => {
    const res = await api().getSong({ id: ids.dawn });
    expect(res.song).toMatchObject({ id: ids.dawn, title: 'Dawn Chorus' });
    const night = await api().getAlbum({ id: ids.nightDrive });
    expect(night.album.song!.map((s) => s.suffix).sort()).toEqual(['m4a', 'ogg', 'opus', 'wav']);
    expect(night.album.song!.find((s) => s.title === 'Last Stop')).toMatchObject({ artist: 'Lumen', albumArtists: [{ name: 'Various Artists' }] });
  });

  it('getMusicDirectory opens an artist as its albums and an album as its songs', async () => {
    const artistDir = await api().getMusicDirectory({ id: ids.nova });
    expect(artistDir.directory).toMatchObject({ id: ids.nova, name: 'Nova Lights', child: [{ id: ids.aurora, isDir: true, title: 'Aurora', parent: ids.nova }] });
    const albumDir = await api().getMusicDirectory({ id: ids.aurora });
    expect(albumDir.directory.child!.map((c) => c.title)).toEqual(['Dawn Chorus', 'Polar Drift', 'Solar Wind']);
    expect(albumDir.directory.child!.every((c) => c.isDir === false && c.parent === ids.aurora)).toBe(true);
  });

  it('getGenres counts songs and albums per genre', async () => {
    const res = await api().getGenres();
    expect(res.genres.genre).toEqual(expect.arrayContaining([{ value: 'Synthwave', songCount: 3, albumCount: 1 }]));
  });
});

describe('browsing errors', () => {
  it.each(['getArtist', 'getAlbum', 'getSong', 'getMusicDirectory'])('%s: no id is code 10, an unknown or malformed id is 70', async (name) => {
    expect((await restJson(ctx, name, authParams(alice))).body.error).toMatchObject({ code: 10 });
    for (const id of [newId(), 'not-an-id', ids.dawn.replace(/.$/, 'x')]) {
      const p = authParams(alice, 'encPassword');
      p.set('id', id);
      const res = await restJson(ctx, name, p);
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { status: 'failed', error: { code: 70 } } });
    }
  });

  it('getAlbum of an artist id, and getArtist of an album id, are not found', async () => {
    expect(((await client(ctx, alice).getAlbum({ id: ids.nova })) as unknown as SubsonicBody).error).toMatchObject({ code: 70 });
    expect(((await client(ctx, alice).getArtist({ id: ids.aurora })) as unknown as SubsonicBody).error).toMatchObject({ code: 70 });
  });
});

describe('the XML shapes', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['index', 'artist', 'song', 'genre', 'album', 'genres', 'artists', 'albumArtists'].includes(name) });
  const get = async (name: string, extra: Record<string, string> = {}) => {
    const p = authParams(alice, 'token');
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    const res = await fetch(`${ctx.url}/rest/${name}.view?${p}`);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    return xml.parse(await res.text())['subsonic-response'];
  };

  it('an album is an element with attributes, its songs child elements with nested artists and genres', async () => {
    const doc = await get('getAlbum', { id: ids.aurora });
    expect(doc['@status']).toBe('ok');
    const album = doc.album[0];
    expect(album).toMatchObject({ '@id': ids.aurora, '@name': 'Aurora', '@songCount': '3', '@year': '2021' });
    expect(album.song).toHaveLength(3);
    expect(album.song[0]).toMatchObject({ '@id': ids.dawn, '@isDir': 'false', '@title': 'Dawn Chorus', '@suffix': 'mp3', artists: [{ '@id': ids.nova, '@name': 'Nova Lights' }], genres: [{ '@name': 'Synthwave' }] });
    expect(album.song[0].replayGain).toBe('');
  });

  it('genres carry their name as text, and non-Latin names survive', async () => {
    const doc = await get('getGenres');
    expect(doc.genres[0].genre).toEqual(expect.arrayContaining([{ '@songCount': '3', '@albumCount': '1', '#text': 'Synthwave' }]));
    const artists = await get('getArtists');
    const names = artists.artists[0].index.flatMap((i: { artist: { '@name': string }[] }) => i.artist.map((a) => a['@name']));
    expect(names).toContain('Кино Тишины');
  });
});
