import { createHash } from 'node:crypto';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { ConflictError, InvalidError, NotFoundError } from '../../src/shared/errors.js';
import type { NewTrackInput } from '../../src/modules/catalog/index.js';
import { createTestContext, type TestContext } from '../support/context.js';

/**
 * The catalog's batch path (createTracks), which the importer commits ~100 files at a time
 * with: each input answered on its own, and artists, albums and genres created once per batch.
 * Two processes racing for one new album: test/cli/import-album-race.test.ts.
 */
let ctx: TestContext;
let n = 0;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());
beforeEach(() => ctx.truncate());

function input(title: string, over: Partial<NewTrackInput> = {}): NewTrackInput {
  n += 1;
  const sha256 = createHash('sha256').update(`${title}-${n}-${Math.random()}`).digest('hex');
  return {
    title,
    artistNames: [{ name: 'Batch Artist', role: 'main' }],
    album: { title: 'Batch Album', artistNames: ['Batch Artist'] },
    genres: ['Synthwave'],
    audio: { key: `audio/${sha256.slice(0, 2)}/${sha256}.mp3`, mimeType: 'audio/mpeg', codec: 'MPEG 1 Layer 3', bitrate: 128000, sampleRate: 44100, channels: 2, sizeBytes: 1000, sha256, durationMs: 3000 },
    ...over,
  };
}

async function count(table: string): Promise<number> {
  const [rows] = await ctx.container.db.sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number((rows as { n: number | string }[])[0]!.n);
}

it('commits the good inputs of a batch and answers each bad one with its own error', async () => {
  const catalog = ctx.container.services.catalog;
  const known = input('Already Here');
  const [first] = await catalog.createTracks(SYSTEM, [known]);
  expect(first).toMatchObject({ status: 'created' });

  const results = await catalog.createTracks(SYSTEM, [
    input('One', { trackNumber: 1 }),
    input('', { trackNumber: 2 }), // no title: invalid
    input('Two', { trackNumber: 2, artistNames: [{ name: 'Batch Artist', role: 'main' }, { name: 'Guest', role: 'featured' }] }),
    { ...input('Copy'), audio: known.audio }, // audio already in the catalog
    input('Three', { albumId: '00000000-0000-4000-8000-000000000000', album: null }), // unknown album
  ]);
  expect(results.map((r) => r.status)).toEqual(['created', 'failed', 'created', 'duplicate', 'failed']);
  expect((results[1] as { error: Error }).error).toBeInstanceOf(InvalidError);
  expect(results[3]).toEqual({ status: 'duplicate', existingTrackId: (first as { track: { id: string } }).track.id });
  expect((results[4] as { error: Error }).error).toBeInstanceOf(NotFoundError);

  // The album (and its artist) was created once, by the first batch; the second found it.
  expect(await count('albums')).toBe(1);
  expect(await count('tracks')).toBe(3);
  const albums = await catalog.listAlbums(SYSTEM, {});
  const album = await catalog.getAlbum(SYSTEM, albums.items[0]!.id);
  expect(album.tracks.map((t) => [t.title, t.artists.map((a) => a.name)])).toEqual([
    ['Already Here', ['Batch Artist']],
    ['One', ['Batch Artist']],
    ['Two', ['Batch Artist', 'Guest']],
  ]);
  expect((await catalog.listGenres(SYSTEM, {})).items.map((g) => g.name)).toEqual(['Synthwave']);
});

it('creates each new artist, album and genre once for a whole batch, whatever the spelling', async () => {
  const catalog = ctx.container.services.catalog;
  const results = await catalog.createTracks(SYSTEM, [
    input('A1', { album: { title: 'Shared', artistNames: ['New Artist'] }, artistNames: [{ name: 'New Artist', role: 'main' }], genres: ['Post-Rock'] }),
    input('A2', { album: { title: 'shared', artistNames: ['new  artist'] }, artistNames: [{ name: 'NEW ARTIST', role: 'main' }], genres: ['post rock'] }),
    input('A3', { album: { title: 'Other', artistNames: ['New Artist'] }, artistNames: [{ name: 'New Artist', role: 'main' }] }),
    input('C1', { album: { title: 'Comp', artistNames: ['Various Artists'], type: 'compilation' }, artistNames: [{ name: 'Solo', role: 'main' }] }),
  ]);
  expect(results.every((r) => r.status === 'created')).toBe(true);
  const ids = results.map((r) => (r as { track: { albumId: string } }).track.albumId);
  expect(ids[0]).toBe(ids[1]);
  expect(new Set(ids).size).toBe(3);
  expect(await count('albums')).toBe(3);
  expect((await catalog.listArtists(SYSTEM, {})).items.map((a) => a.name).sort()).toEqual(['New Artist', 'Solo', 'Various Artists']);
  expect((await catalog.listGenres(SYSTEM, {})).items.map((g) => g.name).sort()).toEqual(['Post-Rock', 'Synthwave']);
  const comp = await catalog.getAlbum(SYSTEM, ids[3]!);
  expect(comp).toMatchObject({ type: 'compilation', artists: [{ name: 'Various Artists' }] });
  expect(comp.tracks[0]!.artists.map((a) => a.name)).toEqual(['Solo']);
});

it('keeps the rules of createTrack: an artist account may only use artists it manages', async () => {
  const catalog = ctx.container.services.catalog;
  const owner = await ctx.user('artist');
  const other = await catalog.createArtist(SYSTEM, { name: 'Not Yours' });
  const actor = userActor(owner.id, 'artist');
  const results = await catalog.createTracks(actor, [
    input('Mine', { artistNames: [{ name: 'My Project', role: 'main' }], album: { title: 'Mine', artistNames: ['My Project'] } }),
    input('Theirs', { artistIds: [other.id], album: null }),
    input('Theirs by name', { artistNames: [{ name: 'not yours', role: 'main' }], album: null }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['created', 'failed', 'failed']);
  expect(await catalog.managedArtistIds(actor)).toHaveLength(1);
  // The one-track path answers with errors, as uploads expect.
  await expect(catalog.createTrack(actor, input('Theirs again', { artistIds: [other.id], album: null }))).rejects.toThrow(NotFoundError);
  const mine = input('Mine again', { artistNames: [{ name: 'My Project', role: 'main' }], album: null });
  await catalog.createTrack(actor, mine);
  await expect(catalog.createTrack(actor, { ...input('Same audio'), audio: mine.audio })).rejects.toThrow(ConflictError);
});

it('a new album takes its date from the first of its tracks that has one, whatever order the batch is in', async () => {
  const catalog = ctx.container.services.catalog;
  const results = await catalog.createTracks(SYSTEM, [
    input('Undated', { trackNumber: 4 }),
    input('Dated', { trackNumber: 1, releaseDate: '2023-05-01' }),
    input('Dated Later', { trackNumber: 2, releaseDate: '2024-01-01' }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created']);
  const [rows] = await ctx.container.db.sequelize.query('SELECT release_date AS d FROM albums');
  expect((rows as { d: string }[]).map((r) => String(r.d).slice(0, 10))).toEqual(['2023-05-01']);
});

it('an album an earlier batch made from undated tracks takes the first date a later batch brings, and keeps it', async () => {
  const catalog = ctx.container.services.catalog;
  const dates = async () => {
    const [rows] = await ctx.container.db.sequelize.query('SELECT release_date AS d FROM albums');
    return (rows as { d: string | null }[]).map((r) => (r.d === null ? null : String(r.d).slice(0, 10)));
  };
  await catalog.createTracks(SYSTEM, [input('Undated', { trackNumber: 4 })]);
  expect(await dates()).toEqual([null]);
  await catalog.createTracks(SYSTEM, [input('Also Undated', { trackNumber: 5 }), input('Dated', { trackNumber: 1, releaseDate: '2023-05-01' })]);
  expect(await dates()).toEqual(['2023-05-01']);
  await catalog.createTracks(SYSTEM, [input('Dated Later', { trackNumber: 2, releaseDate: '2024-01-01' })]);
  expect(await dates()).toEqual(['2023-05-01']);
  expect(await count('albums')).toBe(1);
});
