import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { addFollow, addPlays, addRating, twoClusterCatalog } from '../support/recommendations.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { InvalidError } from '../../src/shared/errors.js';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof twoClusterCatalog>>;
let alice: TestUser; // jazz
let fred: TestUser; // jazz like alice, and follows the second jazz artist
let lara: TestUser; // jazz like alice, and rated J3 low
let rita: TestUser; // rock
let newbie: TestUser; // nothing at all

const q = async <T>(sql: string, replacements: unknown[] = []) => (await ctx.container.db.sequelize.query(sql, { replacements }))[0] as T[];
const recs = (userId: string) =>
  q<{ track_id: string; rank: number; reason: string; run_id: string }>('SELECT track_id, rank, reason, run_id FROM recommendations WHERE user_id = ? ORDER BY rank', [userId]);
const service = () => ctx.container.services.recommendations;

beforeAll(async () => {
  ctx = await createTestContext();
  world = await twoClusterCatalog();
  const { J, R, P } = world;
  const c = ctx.container;
  for (let n = 0; n < 5; n++) {
    const jazzFan = await ctx.user('listener');
    await addPlays(c, jazzFan.id, J.slice(0, 4), { times: 3 });
    // J5 and J6 have fewer listeners, so without a follow they rank below J3 and J4
    if (n < 2) await addPlays(c, jazzFan.id, J.slice(4), { times: 1 });
    await addPlays(c, jazzFan.id, P, { times: 2 });
    const rockFan = await ctx.user('listener');
    await addPlays(c, rockFan.id, R, { times: 2 });
    await addPlays(c, rockFan.id, P, { times: 2 });
  }
  alice = await ctx.user('listener', 'alice');
  await addPlays(c, alice.id, J.slice(0, 2), { times: 2 });
  lara = await ctx.user('listener', 'lara');
  await addPlays(c, lara.id, J.slice(0, 2), { times: 2 });
  await addRating(c, lara.id, J[2]!, 1);
  fred = await ctx.user('listener', 'fred');
  await addPlays(c, fred.id, J.slice(0, 2), { times: 2 });
  await addFollow(c, fred.id, world.artists.jazzB.id);
  rita = await ctx.user('listener', 'rita');
  await addPlays(c, rita.id, R.slice(0, 2), { times: 2 });
  newbie = await ctx.user('listener', 'newbie');
});
afterAll(() => ctx.close());

describe.each(['knn', 'als', 'hybrid'] as const)('a %s run on two taste clusters', (model) => {
  beforeAll(async () => {
    await service().run(SYSTEM, { model, top: 10 });
  });

  it('keeps the clusters apart: jazz listeners get jazz first, rock listeners rock', async () => {
    const { J, R, P } = world;
    // the pop hit every listener plays may come anywhere; the clusters must not mix
    const a = (await recs(alice.id)).map((r) => r.track_id).filter((t) => !P.includes(t));
    expect(a.slice(0, 3).every((t) => J.includes(t))).toBe(true);
    const lastJazz = Math.max(...a.map((t, i) => (J.includes(t) ? i : -1)));
    const firstRock = a.findIndex((t) => R.includes(t));
    expect(firstRock === -1 || firstRock > lastJazz).toBe(true);
    const r = (await recs(rita.id)).map((x) => x.track_id).filter((t) => !P.includes(t));
    expect(r.slice(0, 4).every((t) => R.includes(t))).toBe(true);
  });

  it('never recommends a track the user rated low, nor one already played', async () => {
    expect((await recs(alice.id)).map((r) => r.track_id)).toContain(world.J[2]);
    const l = (await recs(lara.id)).map((r) => r.track_id);
    expect(l).not.toContain(world.J[2]);
    expect(l).not.toContain(world.J[0]);
    expect(l).not.toContain(world.J[1]);
  });

  it('gives a new user popular tracks, the most played first', async () => {
    const n = await recs(newbie.id);
    expect(n[0]!.track_id).toBe(world.P[0]);
    expect(n[0]!.reason).toBe('Popular in Pop');
  });

  it('lifts followed artists: their tracks rank higher, with that reason', async () => {
    const { J } = world;
    const a = await recs(alice.id);
    const f = await recs(fred.id);
    const at = (list: typeof a, t: string) => list.findIndex((r) => r.track_id === t);
    const score = async (userId: string, t: string) =>
      Number((await q<{ score: number }>('SELECT score FROM recommendations WHERE user_id = ? AND track_id = ?', [userId, t]))[0]!.score);
    // alice and fred played the same; only fred follows the artist of J5 and J6
    expect(at(a, J[2]!)).toBeLessThan(at(a, J[4]!));
    for (const t of [J[4]!, J[5]!]) {
      expect(at(f, t)).toBeLessThanOrEqual(at(a, t));
      expect(await score(fred.id, t)).toBeGreaterThan((await score(alice.id, t)) + 0.4);
    }
    if (model === 'knn') expect(at(f, J[4]!)).toBeLessThan(at(a, J[4]!));
    expect(f.find((r) => r.track_id === J[4])!.reason).toBe('New from Blue Quartet, an artist you follow');
  });

  it('explains model picks by a track the user played', async () => {
    const a = await recs(alice.id);
    expect(a[0]!.reason).toMatch(/^Because you played J[12]$/);
  });
});

describe('stored outputs', () => {
  it('a second run replaces the first cleanly, leaving the users\' own playlists alone', async () => {
    const now = new Date();
    await ctx.container.db.sequelize.query(
      "INSERT INTO playlists (id, owner_id, name, visibility, kind, track_count, duration_ms, created_at, updated_at) VALUES ('00000000-0000-4000-8000-000000000001', ?, 'Mine', 'private', 'user', 0, 0, ?, ?)",
      { replacements: [alice.id, now, now] },
    );
    const first = await service().run(SYSTEM, { model: 'hybrid', top: 10 });
    const before = await q<{ id: string }>("SELECT id FROM playlists WHERE kind = 'generated'");
    const counts1 = first.counts;
    const second = await service().run(SYSTEM, { model: 'hybrid', top: 10 });
    expect(second.counts).toEqual(counts1);
    const runs = await q<{ run_id: string; n: number }>('SELECT run_id, COUNT(*) AS n FROM recommendations GROUP BY run_id');
    expect(runs.map((r) => [r.run_id, Number(r.n)])).toEqual([[second.id, counts1.recommendations]]);
    const sims = await q<{ run_id: string }>('SELECT DISTINCT run_id FROM track_similarities');
    expect(sims.map((r) => r.run_id)).toEqual([second.id]);
    const after = await q<{ id: string }>("SELECT id FROM playlists WHERE kind = 'generated'");
    expect(after.length).toBe(before.length);
    expect(after.some((p) => before.some((b) => b.id === p.id))).toBe(false);
    const orphans = await q<{ n: number }>('SELECT COUNT(*) AS n FROM playlist_tracks WHERE playlist_id NOT IN (SELECT id FROM playlists)');
    expect(Number(orphans[0]!.n)).toBe(0);
    expect(await q("SELECT id FROM playlists WHERE kind = 'user'")).toHaveLength(1);
    const run = await q<{ status: string; counts: unknown; timings: unknown }>('SELECT status, counts, timings FROM recommendation_runs WHERE id = ?', [second.id]);
    expect(run[0]!.status).toBe('succeeded');
  });

  it('generated playlists have dense positions and counters that match their entries', async () => {
    const lists = await q<{ id: string; name: string; owner_id: string; track_count: number; duration_ms: number | string }>(
      "SELECT id, name, owner_id, track_count, duration_ms FROM playlists WHERE kind = 'generated'",
    );
    expect(lists.some((l) => l.name === 'Daily Mix 1')).toBe(true);
    expect(lists.filter((l) => l.owner_id === alice.id).map((l) => l.name)).toContain('Discover Weekly');
    for (const l of lists) {
      const entries = await q<{ position: number; duration_ms: number; track_id: string }>(
        'SELECT e.position, e.track_id, t.duration_ms FROM playlist_tracks e JOIN tracks t ON t.id = e.track_id WHERE e.playlist_id = ? ORDER BY e.position',
        [l.id],
      );
      expect(entries.map((e) => Number(e.position))).toEqual(entries.map((_, i) => i));
      expect(Number(l.track_count)).toBe(entries.length);
      expect(Number(l.duration_ms)).toBe(entries.reduce((s, e) => s + Number(e.duration_ms), 0));
      if (l.owner_id === lara.id) expect(entries.map((e) => e.track_id)).not.toContain(world.J[2]);
    }
  });

  it('a run for some users replaces only theirs', async () => {
    const full = await service().run(SYSTEM, { model: 'knn', top: 10 });
    const one = await service().run(SYSTEM, { model: 'knn', top: 10, users: ['alice'] });
    expect(one.counts.users).toBe(1);
    expect(new Set((await recs(alice.id)).map((r) => r.run_id))).toEqual(new Set([one.id]));
    expect(new Set((await recs(rita.id)).map((r) => r.run_id))).toEqual(new Set([full.id]));
    const sims = await q<{ run_id: string }>('SELECT DISTINCT run_id FROM track_similarities');
    expect(sims.map((r) => r.run_id)).toEqual([full.id]);
  });

  it('refuses unknown users and listeners without writing a run', async () => {
    const before = await q<{ n: number }>('SELECT COUNT(*) AS n FROM recommendation_runs');
    await expect(service().run(SYSTEM, { users: ['nobody-like-this'] })).rejects.toBeInstanceOf(InvalidError);
    await expect(service().run({ kind: 'user', id: alice.id, role: 'listener' })).rejects.toThrow(/role/);
    expect(await q<{ n: number }>('SELECT COUNT(*) AS n FROM recommendation_runs')).toEqual(before);
  });

  it('evaluates every model next to the popularity baseline', async () => {
    const report = await service().evaluate(SYSTEM, { k: 5 });
    expect(report.models.map((m) => m.model)).toEqual(['popular', 'knn', 'als', 'hybrid']);
    for (const m of report.models) {
      expect(m.recall).toBeGreaterThanOrEqual(0);
      expect(m.recall).toBeLessThanOrEqual(1);
      expect(m.coverage).toBeGreaterThan(0);
    }
  });
});
