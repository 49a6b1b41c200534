import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { makeArtist, makeTrack } from '../support/fixtures.js';
import { countRows } from '../support/media.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { InvalidError, NotFoundError, UnauthenticatedError } from '../../src/shared/errors.js';
import { MAX_QUEUE_TRACKS } from '../../src/modules/playqueue/index.js';
import { PlayService, SequelizePlayRepository } from '../../src/modules/plays/index.js';

let ctx: TestContext;
let alice: TestUser;
let bob: TestUser;
let tracks: { id: string; durationMs: number }[];

const as = (u: TestUser) => userActor(u.id, u.role);
const queue = () => ctx.container.services.playQueue;
const plays = () => ctx.container.services.plays;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  ctx = await createTestContext();
  alice = await ctx.user('listener', 'alice');
  bob = await ctx.user('listener', 'bob');
  const artist = await makeArtist();
  tracks = [];
  for (let i = 0; i < 4; i += 1) tracks.push(await makeTrack({ artistIds: [artist.id], durationMs: 120_000 }));
});
afterAll(() => ctx.close());

describe('play queue', () => {
  it('saves the tracks in order with the current one and position, and gives them back', async () => {
    const ids = [tracks[2]!.id, tracks[0]!.id, tracks[2]!.id];
    await queue().save(as(alice), { trackIds: ids, current: tracks[0]!.id, positionMs: 42_500, changedBy: 'Feishin' });
    const got = await queue().get(as(alice));
    expect(got).toMatchObject({ currentTrackId: tracks[0]!.id, positionMs: 42_500, changedBy: 'Feishin' });
    expect(got!.tracks.map((t) => t.id)).toEqual(ids);
    expect(got!.changedAt).toBeInstanceOf(Date);
  });

  it('replaces the queue on the next save; the first track is current when none is named', async () => {
    await queue().save(as(alice), { trackIds: [tracks[3]!.id, tracks[1]!.id] });
    const got = await queue().get(as(alice));
    expect(got).toMatchObject({ currentTrackId: tracks[3]!.id, positionMs: 0, changedBy: null });
    expect(got!.tracks.map((t) => t.id)).toEqual([tracks[3]!.id, tracks[1]!.id]);
  });

  it("keeps each listener's queue to themselves", async () => {
    expect(await queue().get(as(bob))).toBeNull();
    await queue().save(as(bob), { trackIds: [tracks[1]!.id] });
    expect((await queue().get(as(alice)))!.tracks.map((t) => t.id)).toEqual([tracks[3]!.id, tracks[1]!.id]);
  });

  it('refuses unknown tracks, a current track not queued and a bad position, naming each, and writes nothing', async () => {
    const before = await countRows(ctx, 'play_queue_entries');
    const err = await queue().save(as(alice), { trackIds: [tracks[0]!.id, UNKNOWN, 'nonsense'], current: tracks[1]!.id, positionMs: -1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect((err as InvalidError).errors.map((e) => e.path)).toEqual(['trackIds.1', 'trackIds.2', 'current', 'positionMs']);
    expect(await countRows(ctx, 'play_queue_entries')).toBe(before);
    expect((await queue().get(as(alice)))!.tracks).toHaveLength(2);
  });

  it(`refuses more than ${MAX_QUEUE_TRACKS} tracks`, async () => {
    const long = Array.from({ length: MAX_QUEUE_TRACKS + 1 }, (_, i) => tracks[i % tracks.length]!.id);
    await expect(queue().save(as(alice), { trackIds: long })).rejects.toMatchObject({ errors: [{ path: 'trackIds' }] });
    await queue().save(as(alice), { trackIds: long.slice(0, MAX_QUEUE_TRACKS) });
    expect((await queue().get(as(alice)))!.tracks).toHaveLength(MAX_QUEUE_TRACKS);
  });

  it('two devices saving at once both succeed, and one of their queues is the one kept', async () => {
    const saves = tracks.map((t) => [t.id, tracks[0]!.id]);
    await Promise.all(saves.map((trackIds) => queue().save(as(alice), { trackIds })));
    const kept = (await queue().get(as(alice)))!.tracks.map((t) => t.id);
    expect(saves).toContainEqual(kept);
  });

  it('an empty list clears the queue', async () => {
    await queue().save(as(bob), { trackIds: [] });
    expect(await queue().get(as(bob))).toBeNull();
    expect(await countRows(ctx, 'play_queues')).toBe(1);
  });

  it('is only for signed-in listeners', async () => {
    await expect(queue().get(SYSTEM)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe('now playing and scrobbles', () => {
  it('shows the latest track of each listener with the player', async () => {
    await plays().setNowPlaying(as(alice), { trackId: tracks[0]!.id, player: 'Feishin' });
    await plays().setNowPlaying(as(alice), { trackId: tracks[1]!.id, player: 'Feishin' });
    await plays().setNowPlaying(as(bob), { trackId: tracks[2]!.id });
    const now = await plays().nowPlaying(as(alice));
    expect(now.map((n) => [n.username, n.track.id, n.player]).sort()).toEqual([
      ['alice', tracks[1]!.id, 'Feishin'],
      ['bob', tracks[2]!.id, null],
    ]);
  });

  it('forgets a track once it has had time to end', async () => {
    // The same tables, read by a service whose clock is past the tracks' end and a minute's slack.
    const later = { now: () => new Date(Date.now() + 120_000 + 61_000) };
    const service = new PlayService({ repo: new SequelizePlayRepository(ctx.container.db), tracks: ctx.container.services.catalog, clock: later });
    expect(await service.nowPlaying(as(alice))).toEqual([]);
    expect(await plays().nowPlaying(as(alice))).toHaveLength(2);
  });

  it('an unknown track is not found and changes nothing', async () => {
    await expect(plays().setNowPlaying(as(alice), { trackId: UNKNOWN })).rejects.toBeInstanceOf(NotFoundError);
    await expect(plays().scrobble(as(alice), { trackId: 'nonsense', at: new Date() })).rejects.toBeInstanceOf(NotFoundError);
    expect((await plays().nowPlaying(as(bob))).find((n) => n.username === 'alice')!.track.id).toBe(tracks[1]!.id);
  });

  it('a scrobble is a play of the whole track, stored once however often it is sent', async () => {
    const at = new Date(Date.now() - 60_000);
    expect(await plays().scrobble(as(alice), { trackId: tracks[3]!.id, at })).toEqual({ accepted: 1, duplicates: 0 });
    expect(await plays().scrobble(as(alice), { trackId: tracks[3]!.id, at })).toEqual({ accepted: 0, duplicates: 1 });
    const history = await plays().history(as(alice), {});
    expect(history.items).toHaveLength(1);
    expect(history.items[0]!.play).toMatchObject({ trackId: tracks[3]!.id, msPlayed: 120_000, completed: true, source: 'subsonic' });
    expect(history.items[0]!.play.startedAt.toISOString()).toBe(at.toISOString());
  });

  it('is only for signed-in listeners', async () => {
    await expect(plays().nowPlaying(SYSTEM)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(plays().scrobble(SYSTEM, { trackId: tracks[0]!.id, at: new Date() })).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
