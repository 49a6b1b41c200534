import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { makeArtist, makeTrack } from '../support/fixtures.js';
import { newId } from '../../src/shared/ids.js';

let ctx: TestContext;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;
let tracks: { id: string; durationMs: number }[];

beforeAll(async () => {
  ctx = await createTestContext();
  [alice, bob, admin] = await Promise.all([ctx.user('listener'), ctx.user('listener'), ctx.user('admin')]);
  const artist = await makeArtist();
  tracks = [];
  for (let i = 0; i < 6; i++) tracks.push(await makeTrack({ artistIds: [artist.id], durationMs: 100_000 + i * 1000 }));
});
afterAll(() => ctx.close());

const q = async <T>(sql: string, replacements: Record<string, unknown> = {}) => {
  const [rows] = await ctx.container.db.sequelize.query(sql, { replacements });
  return rows as T[];
};
const countPlaylists = async () => Number((await q<{ n: number }>('SELECT COUNT(*) AS n FROM playlists'))[0]!.n);
const entriesOf = async (playlistId: string) =>
  q<{ id: string; track_id: string; position: number }>('SELECT id, track_id, position FROM playlist_tracks WHERE playlist_id = :playlistId ORDER BY position', { playlistId });
const rowOf = async (playlistId: string) => {
  const [row] = await q<{ name: string; visibility: string; track_count: number; duration_ms: number | string; updated_at: string }>(
    'SELECT name, visibility, track_count, duration_ms, updated_at FROM playlists WHERE id = :playlistId',
    { playlistId },
  );
  return row && { ...row, track_count: Number(row.track_count), duration_ms: Number(row.duration_ms) };
};

async function createPlaylist(owner: TestUser, body: Record<string, unknown> = {}) {
  const res = await ctx.http().post('/api/playlists').set(bearer(owner)).send({ name: 'Road trip', ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; [k: string]: unknown };
}

async function inSequence<T>(sends: (() => PromiseLike<T>)[]): Promise<T[]> {
  const out: T[] = [];
  for (const send of sends) out.push(await send());
  return out;
}

function addTracks(owner: TestUser, playlistId: string, trackIds: string[], position?: number) {
  return ctx.http().post(`/api/playlists/${playlistId}/tracks`).set(bearer(owner)).send({ trackIds, ...(position === undefined ? {} : { position }) });
}

describe('creating and reading playlists', () => {
  it('creates a private playlist by default and returns the Playlist shape', async () => {
    const p = await createPlaylist(alice, { description: 'for the A7' });
    expect(p).toMatchObject({
      name: 'Road trip',
      description: 'for the A7',
      visibility: 'private',
      kind: 'user',
      owner: { id: alice.id, username: alice.username },
      trackCount: 0,
      durationMs: 0,
      coverUrl: null,
    });
    const got = await ctx.http().get(`/api/playlists/${p.id}`).set(bearer(alice));
    expect(got.status).toBe(200);
    expect(got.body).toEqual(p);
  });

  it.each([
    [{}, 'body.name'],
    [{ name: '' }, 'body.name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x', visibility: 'friends' }, 'body.visibility'],
    [{ name: 'x', ownerId: newId() }, 'body.ownerId'],
    [{ name: 'x', kind: 'generated' }, 'body.kind'],
    [{ name: 'x'.repeat(201) }, 'body.name'],
  ])('rejects %j with 400 and writes nothing', async (body, path) => {
    const before = await countPlaylists();
    const res = await ctx.http().post('/api/playlists').set(bearer(alice)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await countPlaylists()).toBe(before);
  });

  it('lists my playlists newest first with paging, and only public ones of another user', async () => {
    const carol = await ctx.user('listener');
    const made = [];
    for (const [i, visibility] of ['private', 'public', 'public', 'private'].entries()) made.push(await createPlaylist(carol, { name: `C${i}`, visibility }));
    const first = await ctx.http().get('/api/me/playlists?limit=3').set(bearer(carol));
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { name: string }) => p.name)).toEqual(['C3', 'C2', 'C1']);
    const second = await ctx.http().get(`/api/me/playlists?limit=3&cursor=${first.body.nextCursor}`).set(bearer(carol));
    expect(second.body.items.map((p: { name: string }) => p.name)).toEqual(['C0']);
    expect(second.body.nextCursor).toBeNull();
    const theirs = await ctx.http().get(`/api/users/${carol.id}/playlists`).set(bearer(bob));
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((p: { name: string }) => p.name)).toEqual(['C2', 'C1']);
    expect((await ctx.http().get(`/api/users/${newId()}/playlists`).set(bearer(bob))).status).toBe(404);
    expect((await ctx.http().get('/api/me/playlists?limit=0').set(bearer(carol))).status).toBe(400);
    expect((await ctx.http().get('/api/me/playlists?cursor=garbage').set(bearer(carol))).status).toBe(400);
  });

  it('includes generated playlists, marked by kind, reads their tracks, and refuses to edit them by hand (409)', async () => {
    const id = newId();
    const now = new Date();
    // a recommendation run stores a generated playlist's tracks as one list, not as entries
    const list = [tracks[2]!.id, tracks[0]!.id, tracks[1]!.id];
    await q(
      `INSERT INTO playlists (id, owner_id, name, visibility, kind, track_count, duration_ms, generated_track_ids, created_at, updated_at)
       VALUES (:id, :owner, 'Your mix', 'private', 'generated', 3, 0, :list, :now, :now)`,
      { id, owner: alice.id, now, list: JSON.stringify(list) },
    );
    const mine = await ctx.http().get('/api/me/playlists?limit=100').set(bearer(alice));
    expect(mine.body.items.find((p: { id: string }) => p.id === id)).toMatchObject({ kind: 'generated', name: 'Your mix', trackCount: 3 });
    const first = await ctx.http().get(`/api/playlists/${id}/tracks?limit=2`).set(bearer(alice));
    expect(first.status).toBe(200);
    const rest = await ctx.http().get(`/api/playlists/${id}/tracks?limit=2&cursor=${first.body.nextCursor}`).set(bearer(alice));
    expect(rest.body.nextCursor).toBeNull();
    const entries = [...first.body.items, ...rest.body.items];
    expect(entries.map((e: { track: { id: string } }) => e.track.id)).toEqual(list);
    expect(entries.map((e: { position: number }) => e.position)).toEqual([0, 1, 2]);
    expect(new Set(entries.map((e: { entryId: string }) => e.entryId)).size).toBe(3);
    // the same ids on every read
    const again = await ctx.http().get(`/api/playlists/${id}/tracks?limit=2`).set(bearer(alice));
    expect(again.body.items.map((e: { entryId: string }) => e.entryId)).toEqual(first.body.items.map((e: { entryId: string }) => e.entryId));
    expect((await ctx.http().get(`/api/playlists/${id}/tracks`).set(bearer(bob))).status).toBe(404);
    expect((await ctx.http().patch(`/api/playlists/${id}`).set(bearer(alice)).send({ name: 'Mine now' })).status).toBe(409);
    expect((await addTracks(alice, id, [tracks[0]!.id])).status).toBe(409);
    expect((await ctx.http().delete(`/api/playlists/${id}/tracks/${entries[0].entryId}`).set(bearer(alice))).status).toBe(409);
    expect((await ctx.http().post(`/api/playlists/${id}/tracks/move`).set(bearer(alice)).send({ entryId: entries[0].entryId, toPosition: 2 })).status).toBe(409);
    expect((await rowOf(id))!.name).toBe('Your mix');
    expect(await entriesOf(id)).toHaveLength(0);
    expect((await ctx.http().get(`/api/playlists/${id}/tracks?limit=10`).set(bearer(alice))).body.items.map((e: { track: { id: string } }) => e.track.id)).toEqual(list);
    // Deleting is not editing: a listener may get rid of a mix.
    expect((await ctx.http().delete(`/api/playlists/${id}`).set(bearer(alice))).status).toBe(204);
  });

  it('answers 401 without a token on every playlist route', async () => {
    const p = await createPlaylist(alice);
    const anon = () => ctx.http();
    const responses = await inSequence([
      () => anon().get('/api/me/playlists'),
      () => anon().post('/api/playlists').send({ name: 'x' }),
      () => anon().get(`/api/playlists/${p.id}`),
      () => anon().patch(`/api/playlists/${p.id}`).send({ name: 'x' }),
      () => anon().delete(`/api/playlists/${p.id}`),
      () => anon().get(`/api/playlists/${p.id}/tracks`),
      () => anon().post(`/api/playlists/${p.id}/tracks`).send({ trackIds: [tracks[0]!.id] }),
      () => anon().post(`/api/playlists/${p.id}/tracks/move`).send({ entryId: newId(), toPosition: 0 }),
      () => anon().delete(`/api/playlists/${p.id}/tracks/${newId()}`),
      () => anon().get(`/api/users/${alice.id}/playlists`),
    ]);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 401));
    expect(await rowOf(p.id)).toMatchObject({ name: 'Road trip', track_count: 0 });
  });
});

describe('editing', () => {
  it('renames, describes and publishes; rejects bad patches without writing', async () => {
    const p = await createPlaylist(alice);
    const res = await ctx.http().patch(`/api/playlists/${p.id}`).set(bearer(alice)).send({ name: '  Night drive ', description: null, visibility: 'public' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Night drive', description: null, visibility: 'public' });
    for (const body of [{}, { name: '' }, { visibility: 'everyone' }, { trackCount: 3 }]) {
      expect((await ctx.http().patch(`/api/playlists/${p.id}`).set(bearer(alice)).send(body)).status).toBe(400);
    }
    expect(await rowOf(p.id)).toMatchObject({ name: 'Night drive', visibility: 'public', track_count: 0 });
  });

  it('adds many tracks at the end or at a position, allows repeats and keeps the counters', async () => {
    const p = await createPlaylist(alice);
    const [t0, t1, t2, t3] = tracks;
    let res = await addTracks(alice, p.id, [t0!.id, t1!.id]);
    expect(res.status).toBe(201);
    expect(res.body.playlist).toMatchObject({ trackCount: 2, durationMs: t0!.durationMs + t1!.durationMs });
    expect(res.body.entries.map((e: { position: number; track: { id: string } }) => [e.position, e.track.id])).toEqual([[0, t0!.id], [1, t1!.id]]);
    res = await addTracks(alice, p.id, [t2!.id, t0!.id], 1);
    expect(res.status).toBe(201);
    res = await addTracks(alice, p.id, [t3!.id], 0);
    expect(res.body.playlist.trackCount).toBe(5);
    expect(res.body.playlist.durationMs).toBe(t3!.durationMs + 2 * t0!.durationMs + t2!.durationMs + t1!.durationMs);
    const list = await ctx.http().get(`/api/playlists/${p.id}/tracks`).set(bearer(alice));
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { track: { id: string } }) => e.track.id)).toEqual([t3!.id, t0!.id, t2!.id, t0!.id, t1!.id]);
    expect(list.body.items.map((e: { position: number }) => e.position)).toEqual([0, 1, 2, 3, 4]);
    // paging by position
    const page1 = await ctx.http().get(`/api/playlists/${p.id}/tracks?limit=2`).set(bearer(alice));
    const page2 = await ctx.http().get(`/api/playlists/${p.id}/tracks?limit=2&cursor=${page1.body.nextCursor}`).set(bearer(alice));
    const page3 = await ctx.http().get(`/api/playlists/${p.id}/tracks?limit=2&cursor=${page2.body.nextCursor}`).set(bearer(alice));
    expect([...page1.body.items, ...page2.body.items, ...page3.body.items].map((e: { entryId: string }) => e.entryId)).toEqual(list.body.items.map((e: { entryId: string }) => e.entryId));
    expect(page3.body.nextCursor).toBeNull();
  });

  it('rejects unknown tracks and out-of-range positions with 400 and adds nothing', async () => {
    const p = await createPlaylist(alice);
    await addTracks(alice, p.id, [tracks[0]!.id]).expect(201);
    const unknown = await addTracks(alice, p.id, [tracks[1]!.id, newId()]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'trackIds[1]', message: 'is not a known track' }]);
    expect((await addTracks(alice, p.id, [tracks[1]!.id], 2)).status).toBe(400);
    expect((await addTracks(alice, p.id, [])).status).toBe(400);
    expect((await addTracks(alice, p.id, ['not-a-uuid'])).status).toBe(400);
    expect((await ctx.http().post(`/api/playlists/${p.id}/tracks`).set(bearer(alice)).send({ trackIds: [tracks[1]!.id], position: -1 })).status).toBe(400);
    expect(await entriesOf(p.id)).toHaveLength(1);
    expect(await rowOf(p.id)).toMatchObject({ track_count: 1, duration_ms: tracks[0]!.durationMs });
  });

  it('removes one entry and closes the gap', async () => {
    const p = await createPlaylist(alice);
    const added = await addTracks(alice, p.id, [tracks[0]!.id, tracks[1]!.id, tracks[0]!.id, tracks[2]!.id]);
    const second = added.body.entries[1].entryId;
    expect((await ctx.http().delete(`/api/playlists/${p.id}/tracks/${second}`).set(bearer(alice))).status).toBe(204);
    const rows = await entriesOf(p.id);
    expect(rows.map((r) => [r.position, r.track_id])).toEqual([[0, tracks[0]!.id], [1, tracks[0]!.id], [2, tracks[2]!.id]]);
    expect(await rowOf(p.id)).toMatchObject({ track_count: 3, duration_ms: 2 * tracks[0]!.durationMs + tracks[2]!.durationMs });
    expect((await ctx.http().delete(`/api/playlists/${p.id}/tracks/${second}`).set(bearer(alice))).status).toBe(404);
  });

  it('moves an entry down and up', async () => {
    const p = await createPlaylist(alice);
    const added = await addTracks(alice, p.id, tracks.slice(0, 5).map((t) => t.id));
    const ids = added.body.entries.map((e: { entryId: string }) => e.entryId) as string[];
    const down = await ctx.http().post(`/api/playlists/${p.id}/tracks/move`).set(bearer(alice)).send({ entryId: ids[0], toPosition: 3 });
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ entryId: ids[0], position: 3, track: { id: tracks[0]!.id } });
    expect((await entriesOf(p.id)).map((r) => r.id)).toEqual([ids[1], ids[2], ids[3], ids[0], ids[4]]);
    await ctx.http().post(`/api/playlists/${p.id}/tracks/move`).set(bearer(alice)).send({ entryId: ids[4], toPosition: 0 }).expect(200);
    expect((await entriesOf(p.id)).map((r) => r.id)).toEqual([ids[4], ids[1], ids[2], ids[3], ids[0]]);
    expect((await entriesOf(p.id)).map((r) => r.position)).toEqual([0, 1, 2, 3, 4]);
    expect((await ctx.http().post(`/api/playlists/${p.id}/tracks/move`).set(bearer(alice)).send({ entryId: ids[4], toPosition: 5 })).status).toBe(400);
    expect((await ctx.http().post(`/api/playlists/${p.id}/tracks/move`).set(bearer(alice)).send({ entryId: newId(), toPosition: 0 })).status).toBe(404);
    expect((await ctx.http().post(`/api/playlists/${p.id}/tracks/move`).set(bearer(alice)).send({ entryId: ids[4] })).status).toBe(400);
    expect((await entriesOf(p.id)).map((r) => r.id)).toEqual([ids[4], ids[1], ids[2], ids[3], ids[0]]);
  });

  it('holds at most 10,000 entries (409 past it)', async () => {
    const p = await createPlaylist(alice);
    const now = new Date();
    const rows = Array.from({ length: 9_999 }, (_, i) => ({ id: newId(), playlistId: p.id, trackId: tracks[i % tracks.length]!.id, position: i, addedAt: now, addedById: alice.id }));
    const { PlaylistTrackModel } = await import('../../src/modules/playlists/playlist-track.model.js');
    for (let i = 0; i < rows.length; i += 1000) await PlaylistTrackModel.bulkCreate(rows.slice(i, i + 1000));
    const duration = rows.reduce((s, r) => s + tracks.find((t) => t.id === r.trackId)!.durationMs, 0);
    await q('UPDATE playlists SET track_count = 9999, duration_ms = :duration WHERE id = :id', { id: p.id, duration });
    const tooMany = await addTracks(alice, p.id, [tracks[0]!.id, tracks[1]!.id]);
    expect(tooMany.status).toBe(409);
    expect((await addTracks(alice, p.id, [tracks[0]!.id])).status).toBe(201);
    expect((await addTracks(alice, p.id, [tracks[0]!.id])).status).toBe(409);
    expect(await rowOf(p.id)).toMatchObject({ track_count: 10_000, duration_ms: duration + tracks[0]!.durationMs });
  });

  it('repairs positions and counters after a track was deleted from the catalog', async () => {
    const artist = await makeArtist();
    const doomed = await makeTrack({ artistIds: [artist.id], durationMs: 50_000 });
    const p = await createPlaylist(alice);
    await addTracks(alice, p.id, [tracks[0]!.id, doomed.id, tracks[1]!.id, doomed.id, tracks[2]!.id]).expect(201);
    await q('DELETE FROM tracks WHERE id = :id', { id: doomed.id });
    const res = await addTracks(alice, p.id, [tracks[3]!.id]);
    expect(res.status).toBe(201);
    expect(res.body.entries[0].position).toBe(3);
    expect((await entriesOf(p.id)).map((r) => [r.position, r.track_id])).toEqual([
      [0, tracks[0]!.id], [1, tracks[1]!.id], [2, tracks[2]!.id], [3, tracks[3]!.id],
    ]);
    expect(await rowOf(p.id)).toMatchObject({ track_count: 4, duration_ms: tracks.slice(0, 4).reduce((s, t) => s + t.durationMs, 0) });
  });
});

describe("other users' playlists", () => {
  it("is 404 on every route for another listener's private playlist, and nothing changes", async () => {
    const p = await createPlaylist(alice, { name: 'Secret' });
    const added = await addTracks(alice, p.id, [tracks[0]!.id, tracks[1]!.id]);
    const entryId = added.body.entries[0].entryId;
    const before = { row: await rowOf(p.id), entries: await entriesOf(p.id) };
    const b = bearer(bob);
    const responses = await inSequence([
      () => ctx.http().get(`/api/playlists/${p.id}`).set(b),
      () => ctx.http().patch(`/api/playlists/${p.id}`).set(b).send({ name: 'Mine' }),
      () => ctx.http().delete(`/api/playlists/${p.id}`).set(b),
      () => ctx.http().get(`/api/playlists/${p.id}/tracks`).set(b),
      () => ctx.http().post(`/api/playlists/${p.id}/tracks`).set(b).send({ trackIds: [tracks[2]!.id] }),
      () => ctx.http().post(`/api/playlists/${p.id}/tracks/move`).set(b).send({ entryId, toPosition: 1 }),
      () => ctx.http().delete(`/api/playlists/${p.id}/tracks/${entryId}`).set(b),
      // invalid input from a stranger is still 404: the playlist's existence does not leak
      () => ctx.http().post(`/api/playlists/${p.id}/tracks`).set(b).send({ trackIds: [newId()], position: 99 }),
    ]);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 404));
    expect(await rowOf(p.id)).toEqual(before.row);
    expect(await entriesOf(p.id)).toEqual(before.entries);
    const theirs = await ctx.http().get(`/api/users/${alice.id}/playlists?limit=100`).set(b);
    expect(theirs.body.items.map((x: { id: string }) => x.id)).not.toContain(p.id);
  });

  it("lets others read a public playlist but not change it", async () => {
    const p = await createPlaylist(alice, { name: 'Shared', visibility: 'public' });
    const added = await addTracks(alice, p.id, [tracks[0]!.id]);
    const b = bearer(bob);
    expect((await ctx.http().get(`/api/playlists/${p.id}`).set(b)).status).toBe(200);
    const entries = await ctx.http().get(`/api/playlists/${p.id}/tracks`).set(b);
    expect(entries.status).toBe(200);
    expect(entries.body.items).toHaveLength(1);
    const writes = await inSequence([
      () => ctx.http().patch(`/api/playlists/${p.id}`).set(b).send({ name: 'Mine' }),
      () => ctx.http().delete(`/api/playlists/${p.id}`).set(b),
      () => ctx.http().post(`/api/playlists/${p.id}/tracks`).set(b).send({ trackIds: [tracks[2]!.id] }),
      () => ctx.http().post(`/api/playlists/${p.id}/tracks/move`).set(b).send({ entryId: added.body.entries[0].entryId, toPosition: 0 }),
      () => ctx.http().delete(`/api/playlists/${p.id}/tracks/${added.body.entries[0].entryId}`).set(b),
    ]);
    expect(writes.map((r) => r.status)).toEqual(writes.map(() => 404));
    expect(await rowOf(p.id)).toMatchObject({ name: 'Shared', track_count: 1 });
  });

  it('lets an admin read a private playlist and delete it, but not edit it', async () => {
    const p = await createPlaylist(alice, { name: 'Moderated' });
    expect((await ctx.http().get(`/api/playlists/${p.id}`).set(bearer(admin))).status).toBe(200);
    expect((await ctx.http().patch(`/api/playlists/${p.id}`).set(bearer(admin)).send({ name: 'x' })).status).toBe(404);
    expect((await ctx.http().delete(`/api/playlists/${p.id}`).set(bearer(admin))).status).toBe(204);
    expect(await rowOf(p.id)).toBeUndefined();
  });

  it('deleting my playlist removes its entries', async () => {
    const p = await createPlaylist(alice);
    await addTracks(alice, p.id, [tracks[0]!.id]).expect(201);
    expect((await ctx.http().delete(`/api/playlists/${p.id}`).set(bearer(alice))).status).toBe(204);
    expect((await ctx.http().get(`/api/playlists/${p.id}`).set(bearer(alice))).status).toBe(404);
    expect(await entriesOf(p.id)).toHaveLength(0);
  });
});

describe('cover port for the media module', () => {
  it('records the key for the owner, hands back the old one and hides it from strangers', async () => {
    const { playlists } = ctx.container.services;
    const p = await createPlaylist(alice);
    const actorA = { kind: 'user' as const, id: alice.id, role: 'listener' as const };
    const actorB = { kind: 'user' as const, id: bob.id, role: 'listener' as const };
    expect(await playlists.setCover(actorA, p.id, 'images/ab/abcdef0123456789.jpg')).toBeNull();
    expect(await playlists.setCover(actorA, p.id, `images/cd/cdef${'0'.repeat(60)}.png`)).toBe('images/ab/abcdef0123456789.jpg');
    expect(await playlists.getCoverKey(actorA, p.id)).toBe(`images/cd/cdef${'0'.repeat(60)}.png`);
    await expect(playlists.getCoverKey(actorB, p.id)).rejects.toThrow(/not found/);
    await expect(playlists.setCover(actorB, p.id, 'images/ee/x.png')).rejects.toThrow(/not found/);
    const got = await ctx.http().get(`/api/playlists/${p.id}`).set(bearer(alice));
    expect(got.body.coverUrl).toBe(`/api/images/cdef${'0'.repeat(60)}.png`);
  });
});
