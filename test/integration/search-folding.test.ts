import { QueryTypes } from 'sequelize';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { addTrack } from '../support/catalog.js';
import { newId } from '../../src/shared/ids.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { foldText } from '../../src/modules/catalog/index.js';
import { searchText } from '../../src/db/migrations/0920-search-text.js';

/**
 * Search folds text as PostgreSQL's lower(unaccent()) does, on both databases: the same
 * queries find the same titles on SQLite and PostgreSQL.
 */
let ctx: TestContext;
let listener: TestUser;

const TITLES = [
  'Лёд', 'Ёлка', 'Йогурт', 'Иогурт', 'Straße', 'Æther', 'Øresund', 'Łódź', 'Ðuro', 'Þór', 'Œuvre', 'Café', 'Ελληνικά', 'हिन्दी गाना', 'Ϊσως',
];

/** Query, then every track title it finds: exact words, so no close spellings are tried. */
const CASES: [string, string[]][] = [
  ['лёд', ['Лёд']],
  ['лед', ['Лёд']],
  ['ЛЁД', ['Лёд']],
  ['лё', ['Лёд']],
  ['ёлка', ['Ёлка']],
  ['елка', ['Ёлка']],
  ['ЕЛКА', ['Ёлка']],
  ['йогурт', ['Йогурт']],
  ['ЙОГУРТ', ['Йогурт']],
  ['иогурт', ['Иогурт']],
  ['strasse', ['Straße']],
  ['STRASSE', ['Straße']],
  ['straße', ['Straße']],
  ['aether', ['Æther']],
  ['æther', ['Æther']],
  ['oresund', ['Øresund']],
  ['ØRESUND', ['Øresund']],
  ['lodz', ['Łódź']],
  ['ŁÓDŹ', ['Łódź']],
  ['duro', ['Ðuro']],
  ['đuro', ['Ðuro']],
  ['thor', ['Þór']],
  ['þór', ['Þór']],
  ['oeuvre', ['Œuvre']],
  ['cafe', ['Café']],
  ['CAFÉ', ['Café']],
  ['cafe\u0301', ['Café']],
  ['ελληνικα', ['Ελληνικά']],
  ['ΕΛΛΗΝΙΚΆ', ['Ελληνικά']],
  ['ισως', ['Ϊσως']],
  ['हिन्दी', ['हिन्दी गाना']],
  ['गाना', ['हिन्दी गाना']],
];

beforeAll(async () => {
  ctx = await createTestContext();
  listener = await ctx.user('listener');
  for (const title of TITLES) await addTrack(ctx, { title, artistNames: [{ name: 'Folding Choir', role: 'main' }] });
  await addTrack(ctx, { title: 'Jóga', artistNames: [{ name: 'Björk', role: 'main' }], album: { title: 'Ёжик в тумане', artistNames: ['Björk'] } });
});
afterAll(() => ctx.close());

const search = async (q: string, type: string) => {
  const res = await ctx.http().get(`/api/search?${new URLSearchParams({ q, type })}`).set(bearer(listener)).expect(200);
  return res.body as Record<string, { items: { title?: string; name?: string }[] }>;
};
const trackTitles = async (q: string) => (await search(q, 'track')).tracks!.items.map((t) => t.title).sort();

describe('search folding', () => {
  it.each(CASES)('%s finds %j', async (q, expected) => {
    expect(await trackTitles(q)).toEqual(expected);
  });

  it('folds artists, albums and playlists the same way, playlists written outside the catalog included', async () => {
    expect((await search('bjork', 'artist')).artists!.items.map((a) => a.name)).toEqual(['Björk']);
    expect((await search('ежик', 'album')).albums!.items.map((a) => a.title)).toEqual(['Ёжик в тумане']);
    const now = new Date();
    await ctx.container.db.sequelize.query(
      "INSERT INTO playlists (id, owner_id, name, visibility, kind, track_count, duration_ms, created_at, updated_at) VALUES (?, ?, 'Ёлочные игрушки', 'public', 'user', 0, 0, ?, ?)",
      { replacements: [newId(), listener.id, now, now] },
    );
    expect((await search('елочные', 'playlist')).playlists!.items.map((p) => p.name)).toEqual(['Ёлочные игрушки']);
  });

  it('follows a rename through the catalog service', async () => {
    const t = await addTrack(ctx, { title: 'Гроза', artistNames: [{ name: 'Folding Choir', role: 'main' }] });
    expect(await trackTitles('гроза')).toEqual(['Гроза']);
    await ctx.container.services.catalog.updateTrack(SYSTEM, t.id, { title: 'Зелёный шум' });
    expect(await trackTitles('гроза')).toEqual([]);
    expect(await trackTitles('зеленый')).toEqual(['Зелёный шум']);
    expect(await trackTitles('ЗЕЛЁНЫЙ ШУМ')).toEqual(['Зелёный шум']);
  });

  it('folds what the migration finds in place, and goes down and up again', async () => {
    const qi = ctx.container.db.sequelize.getQueryInterface();
    await searchText.down({ context: qi });
    await searchText.up({ context: qi });
    expect(await trackTitles('лед')).toEqual(['Лёд']);
    expect(await trackTitles('йогурт')).toEqual(['Йогурт']);
  });
});

// PostgreSQL's own fold is the reference. Blocks Unicode has not changed lately, so that the C
// library's case table (which PostgreSQL's lower() reads) knows all their letters.
const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;
(onPostgres ? it : it.skip)('folds every Latin, Greek and Cyrillic character as PostgreSQL does', async () => {
  const rows = await ctx.container.db.sequelize.query<{ c: string; folded: string }>(
    'SELECT chr(i) AS c, rhythmo_norm(chr(i)) AS folded FROM generate_series(32, 8191) i WHERE i <= 1327 OR i >= 7680',
    { type: QueryTypes.SELECT },
  );
  expect(rows.length).toBe(1296 + 512);
  expect(rows.filter((r) => foldText(r.c) !== r.folded)).toEqual([]);
});
