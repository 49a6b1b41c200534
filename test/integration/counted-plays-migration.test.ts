import { createTestContext, type TestContext } from '../support/context.js';
import { addTrack } from '../support/catalog.js';
import { addPlays } from '../support/recommendations.js';
import { countedPlays } from '../../src/db/migrations/0910-counted-plays.js';

/** Plays stored before `counted` existed are judged by the default rule when the column arrives. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

it('backfills counted from each play and its track, and goes down and up again', async () => {
  const c = ctx.container;
  const user = await ctx.user('listener');
  const long = (await addTrack(ctx, { title: 'Long', artistNames: [{ name: 'Backfill', role: 'main' }], audio: { durationMs: 600_000 } })).id;
  const short = (await addTrack(ctx, { title: 'Short', artistNames: [{ name: 'Backfill', role: 'main' }], audio: { durationMs: 20_000 } })).id;
  for (const [trackId, msPlayed] of [[long, 0], [long, 239_999], [long, 240_000], [short, 9_999], [short, 10_000]] as const) {
    await addPlays(c, user.id, [trackId], { msPlayed });
  }
  const qi = c.db.sequelize.getQueryInterface();
  await countedPlays.down({ context: qi });
  await countedPlays.up({ context: qi });
  const [rows] = await c.db.sequelize.query('SELECT ms_played, counted FROM plays WHERE user_id = ? ORDER BY ms_played', { replacements: [user.id] });
  expect((rows as { ms_played: number; counted: unknown }[]).map((r) => [Number(r.ms_played), Boolean(r.counted)])).toEqual([
    [0, false], [9_999, false], [10_000, true], [239_999, false], [240_000, true],
  ]);
});
