import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { newId } from '../../src/shared/ids.js';
import { hasFfmpeg, retag } from '../support/retag.js';
import { AUTH_STYLES, authParams, client, createSubsonicContext, restJson, type SubsonicBody, type SubsonicContext, type SubsonicUser } from './support.js';

/**
 * The listener's own state through the door: stars, ratings, scrobbles, now playing, the play
 * queue, playlists, the user, lyrics and library scans, read and written by the npm client an
 * app uses, in both authentication styles.
 */
let ctx: SubsonicContext;
let alice: SubsonicUser;
let bob: SubsonicUser;
let admin: SubsonicUser;
let scanDir: string;
const ids = { nova: '', aurora: '', dawn: '', polar: '', solar: '', tunnel: '' };
const UNKNOWN = newId();
const LRC = '[00:01.00]First line\n[00:02.50]Second line';

const body = (r: unknown) => r as SubsonicBody;
const errorOf = (r: unknown) => body(r).error;

beforeAll(async () => {
  scanDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-scan-'));
  ctx = await createSubsonicContext({ LIBRARY_DIRS: scanDir });
  [alice, bob, admin] = [await ctx.subsonicUser('listener', 'alice'), await ctx.subsonicUser('listener', 'bob'), await ctx.subsonicUser('admin', 'root')];
  // One file at a time: under jest's VM modules, concurrent first loads of music-metadata's parsers can fail to link.
  const report = await ctx.container.services.imports.run(SYSTEM, { paths: [path.resolve('test/fixtures/audio/library')], concurrency: 1 });
  expect(report.summary.failed).toBe(0);
  const { catalog } = ctx.container.services;
  const tracks = (await catalog.listTracks(SYSTEM, { limit: 100 })).items;
  const byTitle = (title: string) => tracks.find((t) => t.title === title)!.id;
  ids.dawn = byTitle('Dawn Chorus');
  ids.polar = byTitle('Polar Drift');
  ids.solar = byTitle('Solar Wind');
  ids.tunnel = byTitle('Tunnel Lights');
  ids.aurora = (await catalog.listAlbums(SYSTEM, { limit: 100 })).items.find((a) => a.title === 'Aurora')!.id;
  ids.nova = (await catalog.listArtists(SYSTEM, { limit: 100 })).items.find((a) => a.name === 'Nova Lights')!.id;
}, 120_000);
afterAll(async () => {
  await ctx.close();
  fs.rmSync(scanDir, { recursive: true, force: true });
});

describe.each(AUTH_STYLES)('stars and ratings (%s)', (style) => {
  const api = () => client(ctx, alice, style);
  afterEach(async () => {
    await api().unstar({ id: [ids.dawn, ids.polar], albumId: ids.aurora, artistId: ids.nova });
    await api().setRating({ id: ids.dawn, rating: 0 });
  });

  it('stars songs, an album and an artist at once, and getStarred and getStarred2 show them', async () => {
    expect((await api().star({ id: [ids.dawn, ids.polar], albumId: ids.aurora, artistId: ids.nova })).status).toBe('ok');
    const s2 = (await api().getStarred2({})).starred2;
    expect(s2.song!.map((s) => s.id).sort()).toEqual([ids.dawn, ids.polar].sort());
    expect(s2.song!.every((s) => s.starred)).toBe(true);
    expect(s2.album!.map((a) => a.id)).toEqual([ids.aurora]);
    expect(s2.artist!.map((a) => a.id)).toEqual([ids.nova]);
    const s1 = (await api().getStarred({})).starred;
    expect(s1.album!.map((a) => a.id)).toEqual([ids.aurora]);
    // Another listener's stars are theirs alone.
    expect((await client(ctx, bob, style).getStarred2({})).starred2.song ?? []).toEqual([]);
    await api().unstar({ id: ids.polar });
    expect((await api().getStarred2({})).starred2.song!.map((s) => s.id)).toEqual([ids.dawn]);
  });

  it('star: no id is code 10, an unknown song 70', async () => {
    expect(errorOf(await api().star({}))).toMatchObject({ code: 10 });
    expect(errorOf(await api().star({ id: UNKNOWN }))).toMatchObject({ code: 70 });
    expect(errorOf(await api().star({ albumId: 'not-an-id' }))).toMatchObject({ code: 70 });
    expect((await api().getStarred2({})).starred2.song ?? []).toEqual([]);
  });

  it('setRating sets the rating the song shows, and 0 removes it; bad input is refused', async () => {
    await api().setRating({ id: ids.dawn, rating: 4 });
    expect((await api().getSong({ id: ids.dawn })).song.userRating).toBe(4);
    await api().setRating({ id: ids.dawn, rating: 0 });
    expect((await api().getSong({ id: ids.dawn })).song.userRating).toBeUndefined();
    expect(errorOf(await api().customJSON('setRating', { id: ids.dawn }))).toMatchObject({ code: 10 });
    expect(errorOf(await api().customJSON('setRating', { id: ids.dawn, rating: 6 }))).toMatchObject({ code: 0 });
    expect(errorOf(await api().setRating({ id: UNKNOWN, rating: 3 }))).toMatchObject({ code: 70 });
  });
});

describe('scrobbles and now playing', () => {
  it('submission=false shows the song as now playing with the player; others see it too', async () => {
    expect((await client(ctx, alice).scrobble({ id: ids.solar, submission: false })).status).toBe('ok');
    const entries = (await client(ctx, bob, 'token').getNowPlaying()).nowPlaying.entry ?? [];
    expect(entries).toEqual([expect.objectContaining({ id: ids.solar, username: alice.username, minutesAgo: 0, playerName: 'subsonic-api' })]);
  });

  it('submission=true stores a play at the given time once, however often it is sent', async () => {
    const time = Date.now() - 600_000;
    const me = userActor(alice.id, alice.role);
    for (let i = 0; i < 2; i += 1) expect((await client(ctx, alice, 'token').scrobble({ id: ids.tunnel, time })).status).toBe('ok');
    const history = (await ctx.container.services.plays.history(me, {})).items.filter((h) => h.track.id === ids.tunnel);
    expect(history).toHaveLength(1);
    expect(history[0]!.play.startedAt.getTime()).toBe(time);
    expect((await client(ctx, alice).getSong({ id: ids.tunnel })).song.playCount).toBe(1);
  });

  it('refuses a missing id (10), an unknown song (70) and an unreadable time (0)', async () => {
    expect(errorOf(await client(ctx, alice).customJSON('scrobble', {}))).toMatchObject({ code: 10 });
    expect(errorOf(await client(ctx, alice).scrobble({ id: UNKNOWN }))).toMatchObject({ code: 70 });
    expect(errorOf(await client(ctx, alice).customJSON('scrobble', { id: ids.dawn, time: 'yesterday' }))).toMatchObject({ code: 0 });
  });
});

describe.each(AUTH_STYLES)('play queue (%s)', (style) => {
  it('saves the queue with the current song and position, and gives it back to the same listener only', async () => {
    const api = client(ctx, alice, style);
    expect((await api.savePlayQueue({ id: [ids.polar, ids.dawn, ids.polar], current: ids.dawn, position: 12_345 })).status).toBe('ok');
    const q = (await api.getPlayQueue()).playQueue!;
    expect(q).toMatchObject({ current: ids.dawn, position: 12_345, username: alice.username, changedBy: 'subsonic-api' });
    expect(q.entry!.map((e) => e.id)).toEqual([ids.polar, ids.dawn, ids.polar]);
    expect((await client(ctx, bob, style).getPlayQueue()).playQueue).toBeUndefined();
  });

  it('refuses unknown songs and a current song not in the queue, keeping the saved one', async () => {
    const api = client(ctx, alice, style);
    await api.savePlayQueue({ id: [ids.dawn], position: 0 });
    expect(errorOf(await api.savePlayQueue({ id: [ids.dawn, UNKNOWN], position: 0 }))).toMatchObject({ code: 0, message: expect.stringContaining('trackIds.1') });
    expect(errorOf(await api.savePlayQueue({ id: [ids.dawn, 'nonsense'], position: 0 }))).toMatchObject({ code: 70 });
    expect(errorOf(await api.savePlayQueue({ id: [ids.dawn], current: ids.polar, position: 0 }))).toMatchObject({ code: 0, message: expect.stringContaining('current') });
    expect((await api.getPlayQueue()).playQueue!.entry!.map((e) => e.id)).toEqual([ids.dawn]);
  });
});

describe.each(AUTH_STYLES)('playlists (%s)', (style) => {
  it('creates, reads, updates by index, replaces and deletes a playlist', async () => {
    const api = client(ctx, alice, style);
    const created = (await api.createPlaylist({ name: 'Road trip', songId: [ids.dawn, ids.polar, ids.solar] })).playlist;
    expect(created).toMatchObject({ name: 'Road trip', owner: alice.username, public: false, songCount: 3 });
    expect(created.entry!.map((e) => e.id)).toEqual([ids.dawn, ids.polar, ids.solar]);

    expect((await api.updatePlaylist({ playlistId: created.id, name: 'Road trip 2', comment: 'for the drive', public: true, songIndexToRemove: [0, 2], songIdToAdd: [ids.tunnel] })).status).toBe('ok');
    const updated = (await api.getPlaylist({ id: created.id })).playlist;
    expect(updated).toMatchObject({ name: 'Road trip 2', comment: 'for the drive', public: true, songCount: 2 });
    expect(updated.entry!.map((e) => e.id)).toEqual([ids.polar, ids.tunnel]);

    const replaced = (await api.createPlaylist({ playlistId: created.id, songId: [ids.solar] })).playlist;
    expect(replaced.entry!.map((e) => e.id)).toEqual([ids.solar]);
    expect((await api.getPlaylists({})).playlists.playlist!.map((p) => p.id)).toContain(created.id);

    expect((await api.deletePlaylist({ id: created.id })).status).toBe('ok');
    expect(errorOf(await api.getPlaylist({ id: created.id }))).toMatchObject({ code: 70 });
  });

  it("another listener's playlist is not found for them, to read or to change", async () => {
    const mine = (await client(ctx, alice, style).createPlaylist({ name: 'Private', songId: [ids.dawn] })).playlist;
    const theirs = client(ctx, bob, style);
    expect(errorOf(await theirs.getPlaylist({ id: mine.id }))).toMatchObject({ code: 70 });
    expect(errorOf(await theirs.updatePlaylist({ playlistId: mine.id, name: 'Mine now' }))).toMatchObject({ code: 70 });
    expect(errorOf(await theirs.updatePlaylist({ playlistId: mine.id, songIdToAdd: [ids.polar] }))).toMatchObject({ code: 70 });
    expect(errorOf(await theirs.createPlaylist({ playlistId: mine.id, songId: [] }))).toMatchObject({ code: 70 });
    expect(errorOf(await theirs.deletePlaylist({ id: mine.id }))).toMatchObject({ code: 70 });
    expect((await client(ctx, alice, style).getPlaylist({ id: mine.id })).playlist).toMatchObject({ name: 'Private', songCount: 1 });
    expect(errorOf(await theirs.getPlaylists({ username: alice.username }))).toMatchObject({ code: 50 });
  });

  it('refuses a missing name (10), unknown songs (70), an index past the end and an empty name (0), changing nothing at all', async () => {
    const api = client(ctx, alice, style);
    const before = (await api.getPlaylists({})).playlists.playlist?.length ?? 0;
    expect(errorOf(await api.createPlaylist({ songId: [ids.dawn] }))).toMatchObject({ code: 10 });
    expect(errorOf(await api.createPlaylist({ name: 'Ghosts', songId: [UNKNOWN] }))).toMatchObject({ code: 70 });
    expect((await api.getPlaylists({})).playlists.playlist?.length ?? 0).toBe(before);
    const p = (await api.createPlaylist({ name: 'Short', songId: [ids.dawn] })).playlist;
    expect(errorOf(await api.updatePlaylist({ playlistId: p.id, name: 'Renamed', songIndexToRemove: [5] }))).toMatchObject({ code: 0 });
    expect(errorOf(await api.updatePlaylist({ playlistId: p.id, name: '', songIdToAdd: [ids.polar] }))).toMatchObject({ code: 0 });
    expect(errorOf(await api.customJSON('updatePlaylist', {}))).toMatchObject({ code: 10 });
    expect((await api.getPlaylist({ id: p.id })).playlist).toMatchObject({ name: 'Short', songCount: 1 });
  });
});

describe('users', () => {
  it('getUser: the caller, with Subsonic roles from the account', async () => {
    const me = (await client(ctx, alice).getUser({ username: alice.username })).user;
    expect(me).toMatchObject({ username: alice.username, streamRole: true, downloadRole: true, adminRole: false, uploadRole: false });
    const root = (await client(ctx, admin, 'token').getUser({ username: alice.username })).user;
    expect(root).toMatchObject({ username: alice.username, adminRole: false });
    expect((await client(ctx, admin).getUser({ username: admin.username })).user).toMatchObject({ adminRole: true, uploadRole: true });
  });

  it('getUser: another user is for admins only (50); no username is 10', async () => {
    expect(errorOf(await client(ctx, alice).getUser({ username: bob.username }))).toMatchObject({ code: 50 });
    expect(errorOf(await client(ctx, alice).customJSON('getUser', {}))).toMatchObject({ code: 10 });
    expect(errorOf(await client(ctx, admin).getUser({ username: 'nobody-here' }))).toMatchObject({ code: 70 });
  });
});

describe('info', () => {
  it('getTopSongs lists the artist\'s most played songs first; an unknown artist has none', async () => {
    const me = userActor(bob.id, bob.role);
    await ctx.container.services.plays.scrobble(me, { trackId: ids.solar, at: new Date(Date.now() - 100_000) });
    await ctx.container.services.plays.scrobble(me, { trackId: ids.solar, at: new Date(Date.now() - 200_000) });
    const top = (await client(ctx, bob).getTopSongs({ artist: 'nova lights', count: 2 })).topSongs.song!;
    expect(top[0]!.id).toBe(ids.solar);
    expect(top).toHaveLength(2);
    expect((await client(ctx, bob).getTopSongs({ artist: 'Nobody' })).topSongs.song ?? []).toEqual([]);
    expect(errorOf(await client(ctx, bob).customJSON('getTopSongs', {}))).toMatchObject({ code: 10 });
  });

  it('getSimilarSongs and getSimilarSongs2 answer from Rhythmo\'s similar tracks; unknown ids are 70', async () => {
    const similar = (await client(ctx, alice).getSimilarSongs({ id: ids.dawn, count: 10 })).similarSongs.song ?? [];
    expect(similar.map((s) => s.id)).not.toContain(ids.dawn);
    expect(similar.length).toBeGreaterThan(0);
    expect((await client(ctx, alice, 'token').getSimilarSongs2({ id: ids.nova })).status).toBe('ok');
    expect(errorOf(await client(ctx, alice).getSimilarSongs({ id: UNKNOWN }))).toMatchObject({ code: 70 });
    expect(errorOf(await client(ctx, alice).getSimilarSongs2({ id: ids.dawn }))).toMatchObject({ code: 70 });
  });

  it('getArtistInfo2 and getAlbumInfo2 give biography, notes and image URLs; unknown ids are 70', async () => {
    const info = (await client(ctx, alice).getArtistInfo2({ id: ids.nova })).artistInfo2 as Record<string, unknown>;
    expect(info).toMatchObject({ biography: expect.any(String) });
    expect(info).toHaveProperty('similarArtist');
    const album = (await client(ctx, alice).getAlbumInfo2({ id: ids.aurora })).albumInfo as Record<string, unknown>;
    expect(album.largeImageUrl).toMatch(new RegExp(`^${ctx.container.config.publicUrl}/api/images/`));
    expect((await client(ctx, alice).getArtistInfo({ id: ids.nova })).status).toBe('ok');
    expect(errorOf(await client(ctx, alice).getArtistInfo2({ id: UNKNOWN }))).toMatchObject({ code: 70 });
    expect(errorOf(await client(ctx, alice).getAlbumInfo2({ id: ids.dawn }))).toMatchObject({ code: 70 });
  });
});

describe('library scan and lyrics', () => {
  it('startScan and getScanStatus are for admins only (50)', async () => {
    expect(errorOf(await client(ctx, alice).startScan())).toMatchObject({ code: 50 });
    expect(errorOf(await client(ctx, alice).getScanStatus())).toMatchObject({ code: 50 });
  });

  (hasFfmpeg ? it : it.skip)('an admin scan imports LIBRARY_DIRS in the background; the new song has its timed lyrics and ReplayGain', async () => {
    retag(path.resolve('test/fixtures/audio/library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3'), path.join(scanDir, 'Lyric Band/Words/01 - Sung.mp3'), {
      artist: 'Lyric Band', album: 'Words', title: 'Sung', lyrics: LRC, REPLAYGAIN_TRACK_GAIN: '-6.50 dB', REPLAYGAIN_TRACK_PEAK: '0.988', REPLAYGAIN_ALBUM_GAIN: '-7.10 dB',
    });
    const started = await client(ctx, admin).startScan();
    expect(started.status).toBe('ok');
    await ctx.container.services.libraryScan.settled();
    const status = (await client(ctx, admin, 'token').getScanStatus()).scanStatus;
    expect(status).toMatchObject({ scanning: false, count: 1 });

    const found = (await client(ctx, alice).search3({ query: 'Sung', artistCount: 0, albumCount: 0 })).searchResult3.song!;
    const sung = found.find((s) => s.title === 'Sung')!;
    expect(sung.replayGain).toEqual({ trackGain: -6.5, trackPeak: 0.988, albumGain: -7.1 });
    expect((await client(ctx, alice).getSong({ id: ids.dawn })).song.replayGain).toEqual({});
    const lyrics = await restJson(ctx, 'getLyricsBySongId', new URLSearchParams([...authParams(alice), ['id', sung.id]]));
    expect(lyrics.body.lyricsList.structuredLyrics).toEqual([
      { displayArtist: 'Lyric Band', displayTitle: 'Sung', lang: 'xxx', offset: 0, synced: true, line: [{ start: 1000, value: 'First line' }, { start: 2500, value: 'Second line' }] },
    ]);
  }, 60_000);

  it('getLyricsBySongId: a song without lyrics has none; an unknown one is 70; the extension is announced', async () => {
    expect(body(await client(ctx, alice).getLyricsBySongId({ id: ids.dawn })).lyricsList).toEqual({ structuredLyrics: [] });
    expect(errorOf(await client(ctx, alice).getLyricsBySongId({ id: UNKNOWN }))).toMatchObject({ code: 70 });
    const extensions = (await client(ctx, alice).getOpenSubsonicExtensions()).openSubsonicExtensions;
    expect(extensions).toEqual(expect.arrayContaining([{ name: 'songLyrics', versions: [1] }]));
  });
});
