import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { addTrack, actorOfUser, count } from '../support/catalog.js';
import { makeArtist, makeGenre } from '../support/fixtures.js';
import { newId } from '../../src/shared/ids.js';
import type { TrackDto } from '../../src/modules/catalog/index.js';

let ctx: TestContext;
let admin: TestUser;
let artist: TestUser;
let other: TestUser;
let listener: TestUser;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.user('admin');
  artist = await ctx.user('artist');
  other = await ctx.user('artist');
  listener = await ctx.user('listener');
});
afterAll(() => ctx.close());

const sql = (q: string, replacements: unknown[] = []) => ctx.container.db.sequelize.query(q, { replacements });

describe('createTrack (the service behind uploads and imports)', () => {
  it('finds or creates artists, album and genres by name and returns the Track shape', async () => {
    const t = await addTrack(ctx, {
      title: 'Morning Light',
      artistNames: [{ name: 'Guest Singer', role: 'featured' }, { name: 'Morning Band', role: 'main' }],
      album: { title: 'Early Hours', artistNames: ['Morning Band'], releaseDate: '2021-05-01' },
      genres: ['Ambient', 'ambient', 'Électronique'],
      trackNumber: 2,
      discNumber: 1,
    }, actorOfUser(artist));
    expect(t.artists.map((a) => [a.name, a.role])).toEqual([['Morning Band', 'main'], ['Guest Singer', 'featured']]);
    expect(t.genres.map((g) => g.name).sort()).toEqual(['Ambient', 'Électronique']);
    expect(t).toMatchObject({ album: { title: 'Early Hours' }, releaseDate: '2021-05-01', trackNumber: 2, discNumber: 1, coverUrl: null, liked: false });
    expect(t.audio).toEqual({ mimeType: 'audio/mpeg', codec: 'MPEG 1 Layer 3', bitrate: 320000, sizeBytes: 4_000_000, sampleRate: 44100, channels: 2 });
    // Names match case-insensitively: same artist, same album.
    const t2 = await addTrack(ctx, { title: 'Second', artistNames: [{ name: 'MORNING BAND', role: 'main' }], album: { title: 'early hours', artistNames: ['morning band'] } }, actorOfUser(artist));
    expect(t2.album!.id).toBe(t.album!.id);
    expect(t2.artists[0]!.id).toBe(t.artists[0]!.id);
    // The artist account manages the profiles it created by name.
    expect(await ctx.container.services.catalog.canManageArtist(actorOfUser(artist), t.artists[0]!.id)).toBe(true);
    expect(await ctx.container.services.catalog.canManageArtist(actorOfUser(other), t.artists[0]!.id)).toBe(false);
  });

  it('refuses the same audio twice, naming the existing track', async () => {
    const t = await addTrack(ctx, { title: 'Once', artistNames: [{ name: 'Dup Artist', role: 'main' }] });
    const again = ctx.container.services.catalog.createTrack(actorOfUser(admin), {
      title: 'Twice', artistNames: [{ name: 'Dup Artist', role: 'main' }],
      audio: { key: 'audio/aa/x.mp3', mimeType: 'audio/mpeg', codec: null, bitrate: null, sampleRate: null, channels: null, sizeBytes: 1, durationMs: 1, sha256: (await sql('SELECT audio_sha256 AS s FROM tracks WHERE id = ?', [t.id]))[0].map((r) => (r as { s: string }).s)[0]! },
    });
    await expect(again).rejects.toMatchObject({ kind: 'conflict', details: { existingTrackId: t.id } });
  });

  it("lets an artist account attach tracks only to artists it manages, and listeners not at all", async () => {
    const theirs = await makeArtist({ name: 'Someone Else', managerId: other.id });
    await expect(addTrack(ctx, { title: 'Sneaky', artistIds: [theirs.id] }, actorOfUser(artist))).rejects.toMatchObject({ kind: 'not_found' });
    // Crediting is not managing: a named artist someone else manages may be credited, but not as the only main artist.
    await expect(addTrack(ctx, { title: 'Sneaky', artistNames: [{ name: 'someone else', role: 'main' }] }, actorOfUser(artist))).rejects.toMatchObject({
      kind: 'invalid',
      errors: [{ path: 'artists', message: expect.stringContaining('someone else') }],
    });
    await expect(addTrack(ctx, { title: 'Nope', artistNames: [{ name: 'Listener Band', role: 'main' }] }, actorOfUser(listener))).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(addTrack(ctx, { title: '', artistNames: [{ name: 'X', role: 'main' }] })).rejects.toMatchObject({ kind: 'invalid' });
    expect(await count(ctx, "artists WHERE name = 'Listener Band'")).toBe(0);
  });

  it('joins a caller-provided transaction', async () => {
    const before = await count(ctx, 'tracks');
    await expect(
      ctx.container.db.transaction(async (t) => {
        await ctx.container.services.catalog.createTrack(actorOfUser(admin), { title: 'Rolled back', artistNames: [{ name: 'Ghost', role: 'main' }], audio: (await import('../support/catalog.js')).fakeAudio() }, { transaction: t });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await count(ctx, 'tracks')).toBe(before);
    expect(await count(ctx, "artists WHERE name = 'Ghost'")).toBe(0);
  });
});

describe('GET /api/tracks/{trackId}', () => {
  it("includes the rating summary, the caller's own rating and like", async () => {
    const t = await addTrack(ctx, { title: 'Rated', artistNames: [{ name: 'Rater Band', role: 'main' }] });
    await sql('INSERT INTO ratings (user_id, track_id, score, created_at, updated_at) VALUES (?, ?, 4, ?, ?)', [listener.id, t.id, new Date(), new Date()]);
    await sql('UPDATE tracks SET rating_count = 3, rating_sum = 11 WHERE id = ?', [t.id]);
    await sql('INSERT INTO liked_tracks (user_id, track_id, created_at) VALUES (?, ?, ?)', [listener.id, t.id, new Date()]);
    const mine = await ctx.http().get(`/api/tracks/${t.id}`).set(bearer(listener)).expect(200);
    expect(mine.body.rating).toEqual({ average: 3.67, count: 3, mine: 4 });
    expect(mine.body.liked).toBe(true);
    const theirs = await ctx.http().get(`/api/tracks/${t.id}`).set(bearer(other)).expect(200);
    expect(theirs.body.rating).toEqual({ average: 3.67, count: 3, mine: null });
    expect(theirs.body.liked).toBe(false);
  });

  it('answers 404, 400 and 401', async () => {
    expect((await ctx.http().get(`/api/tracks/${newId()}`).set(bearer(listener))).status).toBe(404);
    expect((await ctx.http().get('/api/tracks/not-a-uuid').set(bearer(listener))).status).toBe(400);
    expect((await ctx.http().get(`/api/tracks/${newId()}`)).status).toBe(401);
  });
});

describe('GET /api/tracks', () => {
  let rock: { id: string; slug: string };
  let albumTracks: TrackDto[];
  beforeAll(async () => {
    rock = await makeGenre('Rock List');
    albumTracks = [];
    for (const n of [3, 1, 2]) {
      albumTracks.push(await addTrack(ctx, { title: `Side ${n}`, artistNames: [{ name: 'Lister', role: 'main' }], album: { title: 'Listed', artistNames: ['Lister'] }, trackNumber: n, genres: n === 2 ? ['Rock List'] : [] }));
    }
  });

  it('pages every track exactly once with keyset cursors', async () => {
    const total = await count(ctx, 'tracks');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: TrackDto[]; nextCursor: string | null } } = await ctx.http().get('/api/tracks').query({ limit: 2, sort: 'title', ...(cursor ? { cursor } : {}) }).set(bearer(listener)).expect(200);
      seen.push(...res.body.items.map((t) => t.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('filters by album (disc and track order), artist and genre', async () => {
    const albumId = albumTracks[0]!.album!.id;
    const byAlbum = await ctx.http().get('/api/tracks').query({ albumId }).set(bearer(listener)).expect(200);
    expect(byAlbum.body.items.map((t: TrackDto) => t.trackNumber)).toEqual([1, 2, 3]);
    const byArtist = await ctx.http().get('/api/tracks').query({ artistId: albumTracks[0]!.artists[0]!.id }).set(bearer(listener)).expect(200);
    expect(byArtist.body.items).toHaveLength(3);
    const byGenre = await ctx.http().get('/api/tracks').query({ genre: rock.slug }).set(bearer(listener)).expect(200);
    expect(byGenre.body.items.map((t: TrackDto) => t.title)).toEqual(['Side 2']);
    const unknownGenre = await ctx.http().get('/api/tracks').query({ genre: 'no-such-genre' }).set(bearer(listener)).expect(200);
    expect(unknownGenre.body.items).toEqual([]);
  });

  it('sorts by title and release date both ways', async () => {
    const asc = await ctx.http().get('/api/tracks').query({ albumId: albumTracks[0]!.album!.id, sort: 'title' }).set(bearer(listener)).expect(200);
    expect(asc.body.items.map((t: TrackDto) => t.title)).toEqual(['Side 1', 'Side 2', 'Side 3']);
    const desc = await ctx.http().get('/api/tracks').query({ albumId: albumTracks[0]!.album!.id, sort: '-title' }).set(bearer(listener)).expect(200);
    expect(desc.body.items.map((t: TrackDto) => t.title)).toEqual(['Side 3', 'Side 2', 'Side 1']);
    await ctx.http().get('/api/tracks').query({ sort: '-releaseDate' }).set(bearer(listener)).expect(200);
  });

  it('rejects bad sorts, limits and cursors with 400', async () => {
    for (const query of [{ sort: 'bogus' }, { limit: 0 }, { limit: 101 }, { cursor: 'garbage!' }, { artistId: 'x' }, { unknown: 1 }]) {
      const res = await ctx.http().get('/api/tracks').query(query).set(bearer(listener));
      expect([query, res.status]).toEqual([query, 400]);
    }
    // A cursor from another sort does not fit this one.
    const page = await ctx.http().get('/api/tracks').query({ limit: 1, sort: 'album' }).set(bearer(listener)).expect(200);
    expect((await ctx.http().get('/api/tracks').query({ cursor: page.body.nextCursor, sort: 'title' }).set(bearer(listener))).status).toBe(400);
  });
});

describe('PATCH and DELETE /api/tracks/{trackId}', () => {
  let mine: TrackDto;
  let theirs: TrackDto;
  beforeAll(async () => {
    mine = await addTrack(ctx, { title: 'Mine', artistNames: [{ name: 'My Project', role: 'main' }] }, actorOfUser(artist));
    theirs = await addTrack(ctx, { title: 'Theirs', artistNames: [{ name: 'Their Project', role: 'main' }] }, actorOfUser(other));
  });

  it('lets the managing artist edit title, credits, numbers and genres', async () => {
    const guest = (await ctx.http().post('/api/artists').set(bearer(artist)).send({ name: 'My Guest' }).expect(201)).body;
    const res = await ctx.http().patch(`/api/tracks/${mine.id}`).set(bearer(artist))
      .send({ title: 'Mine (Remix)', trackNumber: 7, genres: ['House'], artists: [{ id: mine.artists[0]!.id, role: 'main' }, { id: guest.id, role: 'featured' }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Mine (Remix)', trackNumber: 7, genres: [{ name: 'House', slug: 'house' }] });
    expect(res.body.artists.map((a: { name: string }) => a.name)).toEqual(['My Project', 'My Guest']);
  });

  it("gives another artist 404 and a listener 403, changing nothing", async () => {
    expect((await ctx.http().patch(`/api/tracks/${theirs.id}`).set(bearer(artist)).send({ title: 'Hijacked' })).status).toBe(404);
    expect((await ctx.http().delete(`/api/tracks/${theirs.id}`).set(bearer(artist))).status).toBe(404);
    expect((await ctx.http().patch(`/api/tracks/${theirs.id}`).set(bearer(listener)).send({ title: 'Hijacked' })).status).toBe(403);
    expect((await ctx.http().delete(`/api/tracks/${theirs.id}`).set(bearer(listener))).status).toBe(403);
    // crediting someone else's artist on your own track is not allowed either
    expect((await ctx.http().patch(`/api/tracks/${mine.id}`).set(bearer(artist)).send({ artists: [{ id: theirs.artists[0]!.id, role: 'main' }] })).status).toBe(404);
    const still = await ctx.container.services.catalog.getTrack(actorOfUser(admin), theirs.id);
    expect(still.title).toBe('Theirs');
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    for (const body of [{}, { title: '' }, { trackNumber: 0 }, { releaseDate: '2021-02-30' }, { artists: [] }, { artists: [{ id: mine.artists[0]!.id, role: 'featured' }] }, { albumId: 'x' }, { audioKey: 'x' }]) {
      const res = await ctx.http().patch(`/api/tracks/${mine.id}`).set(bearer(artist)).send(body);
      expect([body, res.status]).toEqual([body, 400]);
    }
    expect((await ctx.container.services.catalog.getTrack(actorOfUser(admin), mine.id)).title).toBe('Mine (Remix)');
  });

  it('deletes, fixes playlist counters and removes the files only after the commit', async () => {
    const deleted: string[][] = [];
    const storage = ctx.container.storage as unknown as { delete(keys: string[]): Promise<void> };
    const original = storage.delete.bind(storage);
    storage.delete = async (keys: string[]) => { deleted.push(keys); };
    try {
      const playlistId = newId();
      await sql("INSERT INTO playlists (id, owner_id, name, visibility, kind, track_count, duration_ms, created_at, updated_at) VALUES (?, ?, 'P', 'public', 'user', 1, 200000, ?, ?)", [playlistId, listener.id, new Date(), new Date()]);
      await sql('INSERT INTO playlist_tracks (id, playlist_id, track_id, position, added_at) VALUES (?, ?, ?, 0, ?)', [newId(), playlistId, mine.id, new Date()]);
      const [[row]] = await sql('SELECT audio_key AS k FROM tracks WHERE id = ?', [mine.id]) as [{ k: string }[], unknown];
      expect((await ctx.http().delete(`/api/tracks/${mine.id}`).set(bearer(artist))).status).toBe(204);
      expect((await ctx.http().get(`/api/tracks/${mine.id}`).set(bearer(artist))).status).toBe(404);
      expect(deleted).toEqual([[row!.k]]);
      const [[p]] = await sql('SELECT track_count AS n FROM playlists WHERE id = ?', [playlistId]) as [{ n: number }[], unknown];
      expect(Number(p!.n)).toBe(0);
    } finally {
      storage.delete = original;
    }
  });

  it('lets an admin change any track', async () => {
    const res = await ctx.http().patch(`/api/tracks/${theirs.id}`).set(bearer(admin)).send({ releaseDate: '1999-12-31', discNumber: null });
    expect(res.status).toBe(200);
    expect(res.body.releaseDate).toBe('1999-12-31');
  });
});

describe('no N+1', () => {
  it('loads a page of 10 and a page of 100 fully dressed tracks with the same number of queries', async () => {
    const band = await makeArtist({ name: 'Counted Band' });
    const guest = await makeArtist({ name: 'Counted Guest' });
    const genres = [await makeGenre('Count A'), await makeGenre('Count B')];
    for (let i = 0; i < 100; i++) {
      await addTrack(ctx, {
        title: `Counted ${String(i).padStart(3, '0')}`,
        artistIds: [band.id, guest.id],
        album: { title: `Counted Album ${i % 7}`, artistNames: ['Counted Band'] },
        genres: genres.map((g) => g.name),
        trackNumber: i + 1,
      });
    }
    const ids = (await sql("SELECT id FROM tracks WHERE title LIKE 'Counted %'"))[0].map((r) => (r as { id: string }).id);
    for (const id of ids.slice(0, 60)) {
      await sql('INSERT INTO ratings (user_id, track_id, score, created_at, updated_at) VALUES (?, ?, 5, ?, ?)', [listener.id, id, new Date(), new Date()]);
      await sql('INSERT INTO liked_tracks (user_id, track_id, created_at) VALUES (?, ?, ?)', [listener.id, id, new Date()]);
    }
    const sequelize = ctx.container.db.sequelize as unknown as { options: { logging: unknown } };
    const queriesFor = async (limit: number) => {
      let n = 0;
      const before = sequelize.options.logging;
      sequelize.options.logging = () => { n += 1; };
      try {
        const res = await ctx.http().get('/api/tracks').query({ artistId: band.id, sort: 'title', limit }).set(bearer(listener)).expect(200);
        expect(res.body.items).toHaveLength(limit);
        expect(res.body.items.every((t: TrackDto) => t.artists.length === 2 && t.genres.length === 2 && t.album)).toBe(true);
      } finally {
        sequelize.options.logging = before;
      }
      return n;
    };
    const small = await queriesFor(10);
    const large = await queriesFor(100);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(8);
  });
});
