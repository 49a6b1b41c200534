import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { addTrack } from '../support/catalog.js';
import { newId } from '../../src/shared/ids.js';

let ctx: TestContext;
let listener: TestUser;
const titles = (items: { title: string }[]) => items.map((t) => t.title);

beforeAll(async () => {
  ctx = await createTestContext();
  listener = await ctx.user('listener');
  const owner = await ctx.user('listener', 'mixmaker');
  const track = (title: string, artist: string, album?: string) =>
    addTrack(ctx, { title, artistNames: [{ name: artist, role: 'main' }], ...(album ? { album: { title: album, artistNames: [artist] } } : {}) });
  await track('Dawn Chorus', 'Birdsong Collective', 'Morning Field Recordings');
  await track('Dawn', 'Solo Sunrise');
  await track('Dawnbreaker', 'Solo Sunrise');
  await track('Before the Dawn Returns', 'Slow Hours');
  await track('Северный ветер', 'Кино', 'Группа крови');
  await track('Séance', 'Ghost Parlour');
  await track('Seance on a Wet Afternoon', 'Ghost Parlour');
  await track('Chorus Line', 'Broadway Band');
  const now = new Date();
  for (const [name, visibility] of [['Dawn Drive', 'public'], ['Dawn Secrets', 'private']] as const) {
    await ctx.container.db.sequelize.query(
      "INSERT INTO playlists (id, owner_id, name, visibility, kind, track_count, duration_ms, created_at, updated_at) VALUES (?, ?, ?, ?, 'user', 3, 600000, ?, ?)",
      { replacements: [newId(), owner.id, name, visibility, now, now] },
    );
  }
});
afterAll(() => ctx.close());

const search = (query: Record<string, string | number>) => ctx.http().get('/api/search').query(query).set(bearer(listener));

describe('GET /api/search', () => {
  it('ranks exact over prefix over all-words over fuzzy', async () => {
    const res = await search({ q: 'dawn', type: 'track' }).expect(200);
    const found = titles(res.body.tracks.items);
    expect(found[0]).toBe('Dawn');
    expect(found.indexOf('Dawn Chorus')).toBeLessThan(found.indexOf('Before the Dawn Returns'));
    expect(found.indexOf('Dawnbreaker')).toBeLessThan(found.indexOf('Before the Dawn Returns'));
    expect(found).not.toContain('Chorus Line');
    expect(res.body.albums.items).toEqual([]);
  });

  it('finds through typos', async () => {
    const res = await search({ q: 'Dwan Chrous', type: 'track' }).expect(200);
    expect(titles(res.body.tracks.items)[0]).toBe('Dawn Chorus');
    const artist = await search({ q: 'birdsong colective', type: 'artist' }).expect(200);
    expect(artist.body.artists.items.map((a: { name: string }) => a.name)).toEqual(['Birdsong Collective']);
  });

  it('matches Cyrillic case-insensitively and accents both ways', async () => {
    expect(titles((await search({ q: 'северный', type: 'track' }).expect(200)).body.tracks.items)).toEqual(['Северный ветер']);
    expect(titles((await search({ q: 'СЕВЕР', type: 'track' }).expect(200)).body.tracks.items)).toEqual(['Северный ветер']);
    expect((await search({ q: 'кино', type: 'artist' }).expect(200)).body.artists.items.map((a: { name: string }) => a.name)).toEqual(['Кино']);
    expect((await search({ q: 'группа', type: 'album' }).expect(200)).body.albums.items.map((a: { title: string }) => a.title)).toEqual(['Группа крови']);
    const plain = titles((await search({ q: 'seance', type: 'track' }).expect(200)).body.tracks.items);
    expect(plain[0]).toBe('Séance');
    expect(plain).toContain('Seance on a Wet Afternoon');
    const accented = titles((await search({ q: 'Séance on', type: 'track' }).expect(200)).body.tracks.items);
    expect(accented[0]).toBe('Seance on a Wet Afternoon');
  });

  it('searches every kind at once, public playlists only, with a limit per kind', async () => {
    const res = await search({ q: 'dawn', limit: 2 }).expect(200);
    expect(res.body.tracks.items).toHaveLength(2);
    expect(res.body.playlists.items).toEqual([
      { id: expect.any(String), name: 'Dawn Drive', owner: { id: expect.any(String), username: 'mixmaker', displayName: 'mixmaker' }, trackCount: 3 },
    ]);
    expect(res.body.albums.items).toEqual([]);
  });

  it('rejects bad input and anonymous callers', async () => {
    for (const query of [{}, { q: '' }, { q: 'x', type: 'song' }, { q: 'x', limit: 0 }, { q: 'x', limit: 51 }, { q: 'x'.repeat(201) }]) {
      expect([query, (await search(query as Record<string, string>)).status]).toEqual([query, 400]);
    }
    expect((await ctx.http().get('/api/search').query({ q: 'dawn' })).status).toBe(401);
  });

  it('returns empty results for text with no letters or digits', async () => {
    const res = await search({ q: '!!!' }).expect(200);
    expect(res.body).toEqual({ tracks: { items: [] }, albums: { items: [] }, artists: { items: [] }, playlists: { items: [] } });
  });
});

describe('q on lists', () => {
  it('ranks by relevance and pages with a cursor', async () => {
    const first = await ctx.http().get('/api/tracks').query({ q: 'dawn', limit: 2 }).set(bearer(listener)).expect(200);
    expect(titles(first.body.items)[0]).toBe('Dawn');
    const rest = await ctx.http().get('/api/tracks').query({ q: 'dawn', limit: 10, cursor: first.body.nextCursor }).set(bearer(listener)).expect(200);
    const all = [...titles(first.body.items), ...titles(rest.body.items)];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(['Dawn', 'Dawn Chorus', 'Dawnbreaker', 'Before the Dawn Returns']));
  });

  it('combines q with filters and an explicit sort', async () => {
    const res = await ctx.http().get('/api/tracks').query({ q: 'dawn', sort: 'title' }).set(bearer(listener)).expect(200);
    expect(titles(res.body.items).slice(0, 3)).toEqual(['Before the Dawn Returns', 'Dawn', 'Dawn Chorus']);
    const artists = await ctx.http().get('/api/artists').query({ q: 'ghost' }).set(bearer(listener)).expect(200);
    expect(artists.body.items.map((a: { name: string }) => a.name)).toEqual(['Ghost Parlour']);
    const albums = await ctx.http().get('/api/albums').query({ q: 'morning field' }).set(bearer(listener)).expect(200);
    expect(albums.body.items.map((a: { title: string }) => a.title)).toEqual(['Morning Field Recordings']);
  });

  it('keeps search in sync with renames and deletes', async () => {
    const t = await addTrack(ctx, { title: 'Quixotic Tune', artistNames: [{ name: 'Renamer', role: 'main' }] });
    await ctx.container.services.catalog.updateTrack({ kind: 'system' }, t.id, { title: 'Zephyr Tune' });
    expect(titles((await search({ q: 'quixotic', type: 'track' })).body.tracks.items)).toEqual([]);
    expect(titles((await search({ q: 'zephyr', type: 'track' })).body.tracks.items)).toEqual(['Zephyr Tune']);
    await ctx.container.services.catalog.deleteTrack({ kind: 'system' }, t.id);
    expect(titles((await search({ q: 'zephyr', type: 'track' })).body.tracks.items)).toEqual([]);
  });
});
