import { createTestContext, type TestContext } from '../support/context.js';
import { addTrack } from '../support/catalog.js';
import { lyricsReplayGain } from '../../src/db/migrations/0940-lyrics-replay-gain.js';
import { playQueues } from '../../src/db/migrations/0950-play-queues.js';

/** The lyrics, ReplayGain and listener-state migrations go down and up again, leaving the catalog's search working. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

it('0950 and 0940 go down and up again', async () => {
  const qi = ctx.container.db.sequelize.getQueryInterface();
  const columns = async () => Object.keys(await qi.describeTable('tracks'));
  const tables = async () => ((await qi.showAllTables()) as string[]).filter((t) => ['play_queues', 'play_queue_entries', 'now_playing'].includes(t)).sort();
  expect(await tables()).toEqual(['now_playing', 'play_queue_entries', 'play_queues']);
  await playQueues.down({ context: qi });
  await lyricsReplayGain.down({ context: qi });
  expect(await tables()).toEqual([]);
  expect((await columns()).filter((c) => /lyrics|replay_gain/.test(c))).toEqual([]);
  await lyricsReplayGain.up({ context: qi });
  await playQueues.up({ context: qi });
  expect(await tables()).toEqual(['now_playing', 'play_queue_entries', 'play_queues']);
  expect((await columns()).filter((c) => /lyrics|replay_gain/.test(c)).sort()).toEqual([
    'lyrics', 'replay_gain_album_gain', 'replay_gain_album_peak', 'replay_gain_track_gain', 'replay_gain_track_peak', 'synced_lyrics',
  ]);
  // A track added afterwards is found by the catalog's search (on SQLite, by triggers on tracks that survived).
  await addTrack(ctx, { title: 'Migrated Melody', artistNames: [{ name: 'Down Up', role: 'main' }], audio: { durationMs: 60_000 } });
  const admin = await ctx.user('admin');
  const res = await ctx.http().get('/api/search?q=Migrated').set('Authorization', `Bearer ${admin.token}`);
  expect(res.status).toBe(200);
  expect(res.body.tracks.items.map((t: { title: string }) => t.title)).toEqual(['Migrated Melody']);
});
