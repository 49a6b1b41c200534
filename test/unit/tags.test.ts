import path from 'node:path';
import { parseFile } from 'music-metadata';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';
import {
  hintsFromPath,
  normalizeTags,
  releaseDateOf,
  splitArtists,
  splitGenres,
  tagsToTrackInput,
  type NormalizedTags,
} from '../../src/modules/media/index.js';

const LIBRARY = path.join(AUDIO_FIXTURES, 'library');
const fixtureTags = async (rel: string) => normalizeTags((await parseFile(path.join(LIBRARY, rel))).common);

const tags = (t: Partial<NormalizedTags>): NormalizedTags => ({ artists: [], albumArtists: [], compilation: false, genres: [], ...t });

describe('splitArtists', () => {
  it.each([
    [['Solo'], [['Solo', 'main']]],
    [['A; B'], [['A', 'main'], ['B', 'main']]],
    [['A / B'], [['A', 'main'], ['B', 'main']]],
    [['Alpha/Beta'], [['Alpha', 'main'], ['Beta', 'main']]],
    [['AC/DC'], [['AC/DC', 'main']]],
    [['A feat. B'], [['A', 'main'], ['B', 'featured']]],
    [['A ft. B; C'], [['A', 'main'], ['B', 'featured'], ['C', 'featured']]],
    [['A Feat. B'], [['A', 'main'], ['B', 'featured']]],
    [['A featuring B'], [['A', 'main'], ['B', 'featured']]],
    [['A; B feat. C / D'], [['A', 'main'], ['B', 'main'], ['C', 'featured'], ['D', 'featured']]],
    [['A', 'B feat. A'], [['A', 'main'], ['B', 'main']]],
    [['Earth, Wind & Fire'], [['Earth, Wind & Fire', 'main']]],
    [['Кино Тишины; Мира Соль'], [['Кино Тишины', 'main'], ['Мира Соль', 'main']]],
  ])('%j', (input, expected) => {
    expect(splitArtists(input).map((a) => [a.name, a.role])).toEqual(expected);
  });

  it('puts featured artists after every main artist and names each once, ignoring case (main wins)', () => {
    expect(splitArtists(['X feat. Y', 'Z', 'W feat. x'])).toEqual([
      { name: 'X', role: 'main' },
      { name: 'Z', role: 'main' },
      { name: 'W', role: 'main' },
      { name: 'Y', role: 'featured' },
    ]);
    expect(splitArtists(['X feat. Y', 'y']).map((a) => a.role)).toEqual(['main', 'main']);
  });
});

describe('splitGenres', () => {
  it('splits on separators, trims and drops repeats', () => {
    expect(splitGenres(['Post-Rock;Ambient', 'ambient', ' Jazz , Soul'])).toEqual(['Post-Rock', 'Ambient', 'Jazz', 'Soul']);
    expect(splitGenres(['Drum & Bass', 'R&B'])).toEqual(['Drum & Bass', 'R&B']);
    expect(splitGenres([])).toEqual([]);
  });
});

describe('releaseDateOf', () => {
  it.each([
    ['2019-03-01', undefined, '2019-03-01'],
    ['2019-03', undefined, '2019-03-01'],
    ['2019', undefined, '2019-01-01'],
    ['2019-03-01T10:00:00Z', undefined, '2019-03-01'],
    [undefined, 2021, '2021-01-01'],
    ['2019-02-30', 2019, '2019-01-01'],
    ['garbage', undefined, null],
    [undefined, undefined, null],
  ])('%s / %s -> %s', (date, year, expected) => {
    expect(releaseDateOf(date, year)).toBe(expected);
  });
});

describe('hintsFromPath', () => {
  it.each([
    ['Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3', { artist: 'Nova Lights', album: 'Aurora', year: 2021, trackNumber: 1, title: 'Dawn Chorus' }],
    ['Untagged Artist/Loose Album/05 - Found Sound.mp3', { artist: 'Untagged Artist', album: 'Loose Album', trackNumber: 5, title: 'Found Sound' }],
    ['Кино Тишины/Северный ветер/01 Северный ветер.flac', { artist: 'Кино Тишины', album: 'Северный ветер', trackNumber: 1, title: 'Северный ветер' }],
    ['Various Artists/Night Drive/04.wav', { artist: 'Various Artists', album: 'Night Drive', trackNumber: 4 }],
    ['Band/2004 - Early Works/1-07 Song.ogg', { artist: 'Band', album: 'Early Works', year: 2004, trackNumber: 7, title: 'Song' }],
    ['Some Artist - Some Song.mp3', { artist: 'Some Artist', title: 'Some Song' }],
    ['loose.mp3', { title: 'loose' }],
    ['C:\\Music\\Band\\Album\\03. Third.flac', { artist: 'Band', album: 'Album', trackNumber: 3, title: 'Third' }],
  ])('%s', (rel, expected) => {
    expect(hintsFromPath(rel)).toEqual(expected);
  });
});

describe('tagsToTrackInput', () => {
  it('keeps a plain tagged album as tagged', () => {
    const input = tagsToTrackInput(
      tags({ title: 'T', artists: ['A'], albumArtists: ['A'], album: 'Al', genres: ['Rock'], trackNumber: 2, discNumber: 1, year: 2020, date: '2020-05-04' }),
    );
    expect(input).toEqual({
      title: 'T',
      artistNames: [{ name: 'A', role: 'main' }],
      album: { title: 'Al', artistNames: ['A'], releaseDate: '2020-05-04' },
      genres: ['Rock'],
      trackNumber: 2,
      discNumber: 1,
      releaseDate: '2020-05-04',
    });
  });

  it('separates album artist from track artists', () => {
    const input = tagsToTrackInput(tags({ title: 'T', artists: ['Guest feat. Other'], albumArtists: ['Host'], album: 'Split' }));
    expect(input.artistNames).toEqual([{ name: 'Guest', role: 'main' }, { name: 'Other', role: 'featured' }]);
    expect(input.album).toEqual({ title: 'Split', artistNames: ['Host'], releaseDate: null });
  });

  it('uses the main track artists as album artists when nothing else says', () => {
    const input = tagsToTrackInput(tags({ title: 'T', artists: ['A feat. B'], album: 'Al' }));
    expect(input.album?.artistNames).toEqual(['A']);
  });

  it('makes compilations "Various Artists" albums while tracks keep their artists', () => {
    for (const t of [
      tags({ title: 'T', artists: ['Echo Harbor'], album: 'Mix', compilation: true }),
      tags({ title: 'T', artists: ['Echo Harbor'], albumArtists: ['Various Artists'], album: 'Mix' }),
      tags({ title: 'T', artists: ['Echo Harbor'], albumArtists: ['VA'], album: 'Mix' }),
    ]) {
      const input = tagsToTrackInput(t);
      expect(input.album).toMatchObject({ title: 'Mix', artistNames: ['Various Artists'], type: 'compilation' });
      expect(input.artistNames).toEqual([{ name: 'Echo Harbor', role: 'main' }]);
    }
  });

  it('moves "(feat. X)" out of the title into the featured artists', () => {
    const input = tagsToTrackInput(tags({ title: 'Song (feat. Guest)', artists: ['Main'] }));
    expect(input.title).toBe('Song');
    expect(input.artistNames).toEqual([{ name: 'Main', role: 'main' }, { name: 'Guest', role: 'featured' }]);
  });

  it('falls back to the path for everything the tags leave out', () => {
    const input = tagsToTrackInput(tags({}), { relativePath: 'Untagged Artist/Loose Album (2018)/05 - Found Sound.mp3' });
    expect(input).toEqual({
      title: 'Found Sound',
      artistNames: [{ name: 'Untagged Artist', role: 'main' }],
      album: { title: 'Loose Album', artistNames: ['Untagged Artist'], releaseDate: '2018-01-01' },
      genres: [],
      trackNumber: 5,
      discNumber: null,
      releaseDate: '2018-01-01',
    });
  });

  it('prefers tags over the path, field by field', () => {
    const input = tagsToTrackInput(tags({ title: 'Tagged', trackNumber: 9 }), { relativePath: 'Folder Artist/Folder Album/01 - File Title.mp3' });
    expect(input.title).toBe('Tagged');
    expect(input.trackNumber).toBe(9);
    expect(input.artistNames).toEqual([{ name: 'Folder Artist', role: 'main' }]);
    expect(input.album?.title).toBe('Folder Album');
  });

  it('does not take the album artist from a folder that holds another album', () => {
    const input = tagsToTrackInput(tags({ title: 'T', artists: ['A'], album: 'Other' }), { relativePath: 'Folder Artist/Folder Album/01 - T.mp3' });
    expect(input.album).toEqual({ title: 'Other', artistNames: ['A'], releaseDate: null });
  });

  it('needs a title and an artist even with nothing to go on', () => {
    expect(tagsToTrackInput(tags({}))).toMatchObject({ title: 'Untitled', artistNames: [{ name: 'Unknown Artist', role: 'main' }], album: null });
  });
});

describe('the fixture library', () => {
  it('reads the Nova Lights album', async () => {
    const input = tagsToTrackInput(await fixtureTags('Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3'), { relativePath: 'Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3' });
    expect(input).toEqual({
      title: 'Dawn Chorus',
      artistNames: [{ name: 'Nova Lights', role: 'main' }],
      album: { title: 'Aurora', artistNames: ['Nova Lights'], releaseDate: '2021-01-01' },
      genres: ['Synthwave'],
      trackNumber: 1,
      discNumber: null,
      releaseDate: '2021-01-01',
    });
  });

  it('reads the Cyrillic album with its full date, two artists and two genres', async () => {
    const first = tagsToTrackInput(await fixtureTags('Кино Тишины/Северный ветер/01 Северный ветер.flac'));
    expect(first).toMatchObject({
      title: 'Северный ветер',
      artistNames: [{ name: 'Кино Тишины', role: 'main' }],
      album: { title: 'Северный ветер', artistNames: ['Кино Тишины'] },
      genres: ['Post-Rock'],
      trackNumber: 1,
      releaseDate: '2019-03-01',
    });
    const second = tagsToTrackInput(await fixtureTags('Кино Тишины/Северный ветер/02 Лёд.flac'));
    expect(second).toMatchObject({
      title: 'Лёд',
      artistNames: [{ name: 'Кино Тишины', role: 'main' }, { name: 'Мира Соль', role: 'main' }],
      album: { title: 'Северный ветер', artistNames: ['Кино Тишины'] },
      genres: ['Post-Rock', 'Ambient'],
      trackNumber: 2,
      releaseDate: '2019-01-01',
    });
  });

  it('reads the Various Artists compilation, each track with its own artists', async () => {
    const dir = 'Various Artists/Night Drive';
    const inputs = await Promise.all(
      ['01.ogg', '02.opus', '03.m4a', '04.wav'].map(async (f) => tagsToTrackInput(await fixtureTags(`${dir}/${f}`), { relativePath: `${dir}/${f}` })),
    );
    expect(inputs.map((i) => i.title)).toEqual(['Tunnel Lights', 'Overpass', 'Exit 17', 'Last Stop']);
    expect(inputs.map((i) => i.trackNumber)).toEqual([1, 2, 3, 4]);
    expect(inputs.map((i) => i.artistNames)).toEqual([
      [{ name: 'Echo Harbor', role: 'main' }],
      [{ name: 'Gray Static', role: 'main' }, { name: 'Lumen', role: 'featured' }],
      [{ name: 'Echo Harbor', role: 'main' }],
      [{ name: 'Lumen', role: 'main' }],
    ]);
    for (const i of inputs) expect(i.album).toMatchObject({ title: 'Night Drive', artistNames: ['Various Artists'], type: 'compilation' });
  });

  it('reads the untagged file from its path', async () => {
    const rel = 'Untagged Artist/Loose Album/05 - Found Sound.mp3';
    expect(tagsToTrackInput(await fixtureTags(rel), { relativePath: rel })).toMatchObject({
      title: 'Found Sound',
      artistNames: [{ name: 'Untagged Artist', role: 'main' }],
      album: { title: 'Loose Album', artistNames: ['Untagged Artist'] },
      trackNumber: 5,
    });
  });
});
