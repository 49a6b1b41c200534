import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { makeArtist, makeTrack } from '../support/fixtures.js';
import { inParallel } from '../support/limited.js';

/**
 * Many edits of one playlist at the same time. On PostgreSQL they really run in parallel
 * (the row lock must serialise them); on SQLite the IMMEDIATE transactions queue them.
 * Either way positions must end dense 0..n-1 and the counters must match the entries.
 */
let ctx: TestContext;
let owner: TestUser;
let tracks: { id: string; durationMs: number }[];

beforeAll(async () => {
  // A pool big enough that PostgreSQL really runs the requests side by side.
  ctx = await createTestContext({ DB_POOL_MAX: '20' });
  owner = await ctx.user('listener');
  const artist = await makeArtist();
  tracks = [];
  for (let i = 0; i < 10; i++) tracks.push(await makeTrack({ artistIds: [artist.id], durationMs: 60_000 + i * 1_111 }));
});
afterAll(() => ctx.close());

async function state(playlistId: string) {
  const { sequelize } = ctx.container.db;
  const [entries] = await sequelize.query(
    'SELECT e.position, t.duration_ms FROM playlist_tracks e JOIN tracks t ON t.id = e.track_id WHERE e.playlist_id = :playlistId ORDER BY e.position',
    { replacements: { playlistId } },
  );
  const [[row]] = (await sequelize.query('SELECT track_count, duration_ms FROM playlists WHERE id = :playlistId', { replacements: { playlistId } })) as [
    { track_count: number; duration_ms: number | string }[],
    unknown,
  ];
  const list = entries as { position: number; duration_ms: number }[];
  return {
    positions: list.map((e) => Number(e.position)),
    duration: list.reduce((s, e) => s + Number(e.duration_ms), 0),
    trackCount: Number(row!.track_count),
    durationMs: Number(row!.duration_ms),
  };
}

it('keeps positions dense and counters right under parallel adds, moves and removes', async () => {
  const created = await ctx.http().post('/api/playlists').set(bearer(owner)).send({ name: 'Busy' });
  const id = created.body.id as string;
  const initial = await ctx.http().post(`/api/playlists/${id}/tracks`).set(bearer(owner)).send({ trackIds: Array.from({ length: 30 }, (_, i) => tracks[i % 10]!.id) });
  expect(initial.status).toBe(201);
  const entryIds = initial.body.entries.map((e: { entryId: string }) => e.entryId) as string[];

  // The count never drops below 20, so every position used below stays valid in any order.
  const requests = [
    ...entryIds.slice(20).map((entryId) => () => ctx.http().delete(`/api/playlists/${id}/tracks/${entryId}`).set(bearer(owner))),
    ...Array.from({ length: 10 }, (_, i) => () =>
      ctx.http().post(`/api/playlists/${id}/tracks`).set(bearer(owner)).send({ trackIds: [tracks[i]!.id, tracks[(i + 3) % 10]!.id], position: i % 2 ? 0 : 7 }),
    ),
    ...entryIds.slice(0, 10).map((entryId, i) => () =>
      ctx.http().post(`/api/playlists/${id}/tracks/move`).set(bearer(owner)).send({ entryId, toPosition: (i * 7) % 19 }),
    ),
  ];
  // Interleave the three kinds and fire them all at once (on PostgreSQL).
  const order = requests.map((_, i) => requests[(i * 7) % requests.length]!);
  const responses = await inParallel(order, ctx.container.db.dialect);
  expect(responses.map((r) => r.status).filter((s) => ![200, 201, 204].includes(s))).toEqual([]);

  const after = await state(id);
  expect(after.trackCount).toBe(30 - 10 + 20);
  expect(after.positions).toEqual(Array.from({ length: 40 }, (_, i) => i));
  expect(after.durationMs).toBe(after.duration);
  const listed = await ctx.http().get(`/api/playlists/${id}`).set(bearer(owner));
  expect(listed.body).toMatchObject({ trackCount: 40, durationMs: after.duration });
});

it('never exceeds the limit when parallel adds race for the last slots', async () => {
  const created = await ctx.http().post('/api/playlists').set(bearer(owner)).send({ name: 'Nearly full' });
  const id = created.body.id as string;
  const { sequelize } = ctx.container.db;
  await ctx.http().post(`/api/playlists/${id}/tracks`).set(bearer(owner)).send({ trackIds: [tracks[0]!.id] }).expect(201);
  // Three short of full: 9,996 more entries inserted directly, then 6 one-track adds race.
  const now = new Date();
  const { PlaylistTrackModel } = await import('../../src/modules/playlists/playlist-track.model.js');
  const { newId } = await import('../../src/shared/ids.js');
  const rows = Array.from({ length: 9_996 }, (_, i) => ({ id: newId(), playlistId: id, trackId: tracks[0]!.id, position: i + 1, addedAt: now, addedById: owner.id }));
  for (let i = 0; i < rows.length; i += 1000) await PlaylistTrackModel.bulkCreate(rows.slice(i, i + 1000));
  await sequelize.query('UPDATE playlists SET track_count = 9997, duration_ms = :d WHERE id = :id', { replacements: { id, d: 9997 * tracks[0]!.durationMs } });
  const responses = await inParallel(
    Array.from({ length: 6 }, () => () => ctx.http().post(`/api/playlists/${id}/tracks`).set(bearer(owner)).send({ trackIds: [tracks[0]!.id] })),
    ctx.container.db.dialect,
  );
  expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
  const after = await state(id);
  expect(after.trackCount).toBe(10_000);
  expect(after.positions.length).toBe(10_000);
  expect(after.positions[9_999]).toBe(9_999);
});
