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
const service = () => ctx.container.services.recommendations;
/** A user's stored list as the API shows it (reasons in words), with the run that wrote it. */
const recs = async (userId: string) => {
  const [row] = await q<{ run_id: string }>('SELECT run_id FROM recommendation_lists WHERE user_id = ?', [userId]);
  if (!row) return [];
  const page = await service().forMe({ kind: 'user', id: userId, role: 'listener' }, { limit: 100 });
  return page.items.map((r, i) => ({ track_id: r.track.id, rank: i + 1, score: r.score, reason: r.reason, run_id: row.run_id }));
};
/** Items per run over all stored lists. */
const itemsByRun = async (table: string) => {
  const rows = await q<{ run_id: string; track_ids: string }>(`SELECT run_id, track_ids FROM ${table}`);
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.run_id, (out.get(r.run_id) ?? 0) + (JSON.parse(r.track_ids) as string[]).length);
  return [...out.entries()];
};

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
    const score = async (userId: string, t: string) => (await recs(userId)).find((r) => r.track_id === t)!.score;
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
    expect(await itemsByRun('recommendation_lists')).toEqual([[second.id, counts1.recommendations]]);
    expect(await itemsByRun('track_similarity_lists')).toEqual([[second.id, counts1.similarities]]);
    const after = await q<{ id: string }>("SELECT id FROM playlists WHERE kind = 'generated'");
    expect(after.length).toBe(before.length);
    expect(after.some((p) => before.some((b) => b.id === p.id))).toBe(false);
    // generated playlists keep their tracks as one list: no entry rows, none left behind
    expect(Number((await q<{ n: number }>('SELECT COUNT(*) AS n FROM playlist_tracks'))[0]!.n)).toBe(0);
    expect(await q("SELECT id FROM playlists WHERE kind = 'user'")).toHaveLength(1);
    const run = await q<{ status: string; counts: unknown; timings: unknown }>('SELECT status, counts, timings FROM recommendation_runs WHERE id = ?', [second.id]);
    expect(run[0]!.status).toBe('succeeded');
  });

  it('generated playlists hold their tracks in order, with counters that match them', async () => {
    const lists = await q<{ id: string; name: string; owner_id: string; track_count: number; duration_ms: number | string; generated_track_ids: string }>(
      "SELECT id, name, owner_id, track_count, duration_ms, generated_track_ids FROM playlists WHERE kind = 'generated'",
    );
    expect(lists.some((l) => l.name === 'Daily Mix 1')).toBe(true);
    expect(lists.filter((l) => l.owner_id === alice.id).map((l) => l.name)).toContain('Discover Weekly');
    const durations = new Map((await q<{ id: string; duration_ms: number }>('SELECT id, duration_ms FROM tracks')).map((t) => [t.id, Number(t.duration_ms)]));
    for (const l of lists) {
      const ids = JSON.parse(l.generated_track_ids) as string[];
      expect(new Set(ids).size).toBe(ids.length);
      expect(Number(l.track_count)).toBe(ids.length);
      expect(Number(l.duration_ms)).toBe(ids.reduce((s, id) => s + durations.get(id)!, 0));
      if (l.owner_id === lara.id) expect(ids).not.toContain(world.J[2]);
    }
    const entries = await ctx.container.services.playlists.listEntries({ kind: 'user', id: alice.id, role: 'listener' }, lists.find((l) => l.owner_id === alice.id)!.id, { limit: 100 });
    const first = lists.find((l) => l.owner_id === alice.id)!;
    expect(entries.items.map((e) => e.track.id)).toEqual(JSON.parse(first.generated_track_ids));
    expect(entries.items.map((e) => e.entry.position)).toEqual(entries.items.map((_, i) => i));
  });

  it('words reasons when read, so a renamed track shows its new name', async () => {
    await service().run(SYSTEM, { model: 'knn', top: 10 });
    const [j1, j2] = world.J;
    const titles = await q<{ id: string; title: string }>('SELECT id, title FROM tracks WHERE id IN (?, ?)', [j1, j2]);
    try {
      await q("UPDATE tracks SET title = 'Renamed ' || title WHERE id IN (?, ?)", [j1, j2]);
      expect((await recs(alice.id))[0]!.reason).toMatch(/^Because you played Renamed J[12]$/);
    } finally {
      for (const t of titles) await q('UPDATE tracks SET title = ? WHERE id = ?', [t.title, t.id]);
    }
  });

  it('a run for some users replaces only theirs', async () => {
    const full = await service().run(SYSTEM, { model: 'knn', top: 10 });
    const one = await service().run(SYSTEM, { model: 'knn', top: 10, users: ['alice'] });
    expect(one.counts.users).toBe(1);
    expect(new Set((await recs(alice.id)).map((r) => r.run_id))).toEqual(new Set([one.id]));
    expect(new Set((await recs(rita.id)).map((r) => r.run_id))).toEqual(new Set([full.id]));
    expect((await itemsByRun('track_similarity_lists')).map(([run]) => run)).toEqual([full.id]);
    expect((await q<{ owner_id: string }>("SELECT DISTINCT owner_id FROM playlists WHERE kind = 'generated'")).length).toBeGreaterThan(1);
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

describe('deleting a track after a run', () => {
  it('takes it out of the generated playlists that held it, with their counters', async () => {
    await service().run(SYSTEM, { model: 'knn', top: 10 });
    type Row = { id: string; track_count: number | string; duration_ms: number | string; generated_track_ids: string };
    const generated = () => q<Row>("SELECT id, track_count, duration_ms, generated_track_ids FROM playlists WHERE kind = 'generated'");
    const hit = world.P[0]!;
    const before = (await generated()).filter((l) => (JSON.parse(l.generated_track_ids) as string[]).includes(hit));
    expect(before.length).toBeGreaterThan(0);
    const [{ duration_ms: hitMs }] = await q<{ duration_ms: number | string }>('SELECT duration_ms FROM tracks WHERE id = ?', [hit]);
    const untouched = (await generated()).filter((l) => !before.some((b) => b.id === l.id));

    await ctx.container.services.catalog.deleteTrack(SYSTEM, hit);

    const after = new Map((await generated()).map((l) => [l.id, l]));
    for (const b of before) {
      const a = after.get(b.id)!;
      expect(JSON.parse(a.generated_track_ids)).toEqual((JSON.parse(b.generated_track_ids) as string[]).filter((id) => id !== hit));
      expect(Number(a.track_count)).toBe(Number(b.track_count) - 1);
      expect(Number(a.duration_ms)).toBe(Number(b.duration_ms) - Number(hitMs));
    }
    for (const u of untouched) expect(after.get(u.id)).toEqual(u);
  });
});
