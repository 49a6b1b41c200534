import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { AUTH_STYLES, authParams, client, createSubsonicContext, importFixtureLibrary, restJson, type SubsonicContext, type SubsonicUser } from './support.js';

/** Album lists, random picks, genres and search pages over the imported fixture library. */
let ctx: SubsonicContext;
let alice: SubsonicUser;
const album: Record<string, string> = {};
const track: Record<string, { id: string; durationMs: number }> = {};
const ALL_ALBUMS = ['Aurora', 'Loose Album', 'Night Drive', 'Северный ветер'];

beforeAll(async () => {
  ctx = await createSubsonicContext();
  alice = await ctx.subsonicUser('listener');
  await importFixtureLibrary(ctx);
  const { catalog, library, ratings, plays } = ctx.container.services;
  for (const a of (await catalog.listAlbums(SYSTEM, { limit: 100 })).items) album[a.title] = a.id;
  for (const t of (await catalog.listTracks(SYSTEM, { limit: 100 })).items) track[t.title] = { id: t.id, durationMs: t.durationMs };
  const me = userActor(alice.id, alice.role);
  await library.saveAlbum(me, album.Aurora!);
  await ratings.rate(me, track['Dawn Chorus']!.id, 5);
  await ratings.rate(me, track['Overpass']!.id, 2);
  const play = (title: string, minutesAgo: number, n: number) => ({
    clientPlayId: `play-${n}`, trackId: track[title]!.id, startedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), msPlayed: track[title]!.durationMs, source: 'test',
  });
  // Aurora played most, Night Drive most lately.
  await plays.record(me, [play('Polar Drift', 60, 1), play('Solar Wind', 50, 2), play('Overpass', 5, 3)]);
}, 120_000);
afterAll(() => ctx.close());

const titles = (list: { name?: string; title?: string }[] | undefined) => (list ?? []).map((a) => a.name ?? a.title);

describe.each(AUTH_STYLES)('album lists through the npm client (%s)', (style) => {
  const api = () => client(ctx, alice, style);
  const list2 = async (params: Record<string, unknown>) => {
    const res = await api().getAlbumList2(params as never);
    expect(res.status).toBe('ok');
    return titles(res.albumList2.album);
  };

  it('alphabeticalByName and alphabeticalByArtist, paged by size and offset', async () => {
    expect(await list2({ type: 'alphabeticalByName', size: 10 })).toEqual(ALL_ALBUMS);
    expect(await list2({ type: 'alphabeticalByName', size: 2, offset: 1 })).toEqual(['Loose Album', 'Night Drive']);
    expect(await list2({ type: 'alphabeticalByName', size: 10, offset: 4 })).toEqual([]);
    // Nova Lights, Untagged Artist, Various Artists, Кино Тишины
    expect(await list2({ type: 'alphabeticalByArtist' })).toEqual(ALL_ALBUMS);
  });

  it('newest lists the most recently added first; random gives distinct albums', async () => {
    const res = await api().getAlbumList2({ type: 'newest', size: 10 });
    const created = res.albumList2.album!.map((a) => new Date(a.created).getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(created).toHaveLength(4);
    const random = await list2({ type: 'random', size: 3 });
    expect(new Set(random).size).toBe(3);
    expect(ALL_ALBUMS).toEqual(expect.arrayContaining(random));
  });

  it('byYear (either direction) and byGenre', async () => {
    expect(await list2({ type: 'byYear', fromYear: 2020, toYear: 2022 })).toEqual(['Aurora']);
    expect(await list2({ type: 'byYear', fromYear: 2025, toYear: 2000 })).toEqual(['Night Drive', 'Aurora', 'Северный ветер']);
    expect(await list2({ type: 'byGenre', genre: 'Synthwave' })).toEqual(['Aurora']);
    expect(await list2({ type: 'byGenre', genre: 'Post-Rock' })).toEqual(['Северный ветер']);
    expect(await list2({ type: 'byGenre', genre: 'Polka' })).toEqual([]);
  });

  it('starred, highest, frequent and recent are the caller\'s', async () => {
    expect(await list2({ type: 'starred' })).toEqual(['Aurora']);
    expect(await list2({ type: 'highest' })).toEqual(['Aurora', 'Night Drive']);
    expect(await list2({ type: 'frequent' })).toEqual(['Aurora', 'Night Drive']);
    expect(await list2({ type: 'recent' })).toEqual(['Night Drive', 'Aurora']);
    const bob = await ctx.subsonicUser('listener');
    const theirs = await client(ctx, bob, style).getAlbumList2({ type: 'starred' });
    expect(theirs.albumList2.album ?? []).toEqual([]);
    expect((await client(ctx, bob, style).getAlbumList2({ type: 'frequent' })).albumList2.album ?? []).toEqual([]);
  });

  it('getAlbumList gives the same lists as directories', async () => {
    const res = await api().getAlbumList({ type: 'alphabeticalByName', size: 10 });
    expect(res.albumList.album!.map((a) => [a.title, a.isDir])).toEqual(ALL_ALBUMS.map((t) => [t, true]));
    expect(res.albumList.album![0]).toMatchObject({ id: album.Aurora, year: 2021, songCount: 3, genre: 'Synthwave', coverArt: expect.stringMatching(/^[0-9a-f]{64}\.jpg$/) });
  });

  it('getRandomSongs picks distinct songs, within a genre and years when asked', async () => {
    const res = await api().getRandomSongs({ size: 5 });
    const ids = res.randomSongs.song!.map((s) => s.id);
    expect(new Set(ids).size).toBe(5);
    const synth = await api().getRandomSongs({ size: 10, genre: 'Synthwave' });
    expect(synth.randomSongs.song!.map((s) => s.title).sort()).toEqual(['Dawn Chorus', 'Polar Drift', 'Solar Wind']);
    const years = await api().getRandomSongs({ size: 10, fromYear: 2019, toYear: 2019 });
    expect(years.randomSongs.song!.map((s) => s.title).sort()).toEqual(['Лёд', 'Северный ветер']);
  });

  it('getSongsByGenre pages through a genre', async () => {
    const first = await api().getSongsByGenre({ genre: 'Electronic', count: 2 });
    const rest = await api().getSongsByGenre({ genre: 'Electronic', count: 2, offset: 2 });
    expect([...first.songsByGenre.song!, ...(rest.songsByGenre.song ?? [])].map((s) => s.title)).toEqual(['Exit 17', 'Overpass', 'Tunnel Lights']);
    expect((await api().getSongsByGenre({ genre: 'Polka' })).songsByGenre.song ?? []).toEqual([]);
  });
});

describe.each(AUTH_STYLES)('search through the npm client (%s)', (style) => {
  const api = () => client(ctx, alice, style);

  it('search3 finds artists, albums and songs by words, in their ID3 shapes', async () => {
    const res = await api().search3({ query: 'aurora' });
    expect(titles(res.searchResult3.album)).toEqual(['Aurora']);
    expect(res.searchResult3.album![0]).toMatchObject({ id: album.Aurora, artist: 'Nova Lights', songCount: 3 });
    const songs = await api().search3({ query: 'dawn', artistCount: 0, albumCount: 0 });
    expect(titles(songs.searchResult3.song)).toEqual(['Dawn Chorus']);
    expect(songs.searchResult3.artist ?? []).toEqual([]);
    const artists = await api().search3({ query: 'nova' });
    expect(artists.searchResult3.artist).toEqual([expect.objectContaining({ name: 'Nova Lights', albumCount: 1 })]);
    const cyrillic = await api().search3({ query: 'ветер' });
    expect(titles(cyrillic.searchResult3.album)).toEqual(['Северный ветер']);
  });

  it('search3 with an empty query pages through the whole library, as syncing apps read it', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 3) {
      const page = await api().search3({ query: '', songCount: 3, songOffset: offset, artistCount: 0, albumCount: 0 });
      const songs = page.searchResult3.song ?? [];
      seen.push(...songs.map((s) => s.id));
      if (songs.length < 3) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(Object.values(track).map((t) => t.id).sort());
    const everything = await api().search3({ query: '""', artistCount: 100, albumCount: 100, songCount: 0 });
    expect(titles(everything.searchResult3.album).sort()).toEqual([...ALL_ALBUMS].sort());
    expect(everything.searchResult3.artist!.length).toBe(8);
  });

  it('search2 answers with folder-style albums and artists', async () => {
    const res = await api().search2({ query: 'aurora' });
    expect(res.searchResult2.album!.map((a) => [a.title, a.isDir])).toEqual([['Aurora', true]]);
  });
});

describe('list and search errors', () => {
  const call = async (name: string, params: Record<string, string>) => {
    const p = authParams(alice, 'password');
    for (const [k, v] of Object.entries(params)) p.set(k, v);
    const res = await restJson(ctx, name, p);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('a missing required parameter is code 10', async () => {
    expect((await call('getAlbumList2', {})).error).toMatchObject({ code: 10 });
    expect((await call('getAlbumList', {})).error).toMatchObject({ code: 10 });
    expect((await call('getSongsByGenre', {})).error).toMatchObject({ code: 10 });
    expect((await call('search3', {})).error).toMatchObject({ code: 10 });
  });

  it('a value the list cannot take is code 0 naming the parameter', async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['getAlbumList2', { type: 'loudest' }, /type/],
      ['getAlbumList2', { type: 'byGenre' }, /genre/],
      ['getAlbumList2', { type: 'byYear', fromYear: '2000' }, /fromYear/],
      ['getAlbumList2', { type: 'newest', size: '501' }, /size/],
      ['getAlbumList2', { type: 'newest', size: 'ten' }, /size/],
      ['getAlbumList2', { type: 'newest', offset: '-1' }, /size|offset/i],
      ['getRandomSongs', { size: '100000' }, /size/],
      ['getSongsByGenre', { genre: 'Rock', count: '-3' }, /count/],
      ['search3', { query: 'x', songCount: '9999' }, /songCount/],
    ];
    for (const [name, params, mention] of cases) {
      const body = await call(name, params);
      expect({ name, status: body.status, code: body.error?.code }).toEqual({ name, status: 'failed', code: 0 });
      expect(body.error!.message).toMatch(mention);
    }
  });

  it('lists need credentials like everything else', async () => {
    const res = await restJson(ctx, 'getAlbumList2', new URLSearchParams({ type: 'newest' }));
    expect(res.body.error).toMatchObject({ code: 10 });
    const wrong = await restJson(ctx, 'search3', new URLSearchParams({ query: '', apiKey: `${alice.apiKey}x` }));
    expect(wrong.body.error).toMatchObject({ code: 44 });
  });
});
