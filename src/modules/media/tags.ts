import type { ArtistRole } from '../catalog/index.js';
import type { NormalizedTags, ReplayGain, TaggedTrackInput, TrackLyrics } from './media.types.js';
import { MAX_LYRICS_CHARS, MAX_SYNCED_LINES } from '../../shared/lyrics.js';

export { MAX_LYRICS_CHARS, MAX_SYNCED_LINES };

export const VARIOUS_ARTISTS = 'Various Artists';
export const UNKNOWN_ARTIST = 'Unknown Artist';

/** The subset of music-metadata's `common` block we read. */
export interface CommonTagsLike {
  title?: string;
  artist?: string;
  artists?: string[];
  albumartist?: string;
  albumartists?: string[];
  album?: string;
  compilation?: boolean;
  genre?: string[];
  track?: { no: number | null };
  disk?: { no: number | null };
  year?: number;
  date?: string;
  /** timeStampFormat 2 is milliseconds; SYLT may count MPEG frames (1) instead, which we do not convert. */
  lyrics?: { text?: string; timeStampFormat?: number; syncText?: { timestamp?: number; text: string }[] }[];
  replaygain_track_gain?: { dB: number };
  replaygain_track_peak?: { ratio: number };
  replaygain_album_gain?: { dB: number };
  replaygain_album_peak?: { ratio: number };
}

/** The native tags music-metadata read, by tag format (only TXXX frames are looked at). */
export type NativeTagsLike = Record<string, { id: string; value: unknown }[]>;

/** C0 and C1 control characters, DEL included: they would reach terminals, logs and other clients as they are. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** A tag value on one line: whitespace runs (tabs, newlines) become one space, other controls (ID3's NUL padding among them) go. */
const clean = (s: string | undefined | null): string | undefined => {
  const v = s?.replace(/\s+/g, ' ').replace(CONTROLS, '').replace(/ {2,}/g, ' ').trim();
  return v ? v : undefined;
};

const positive = (n: number | null | undefined, max: number): number | undefined =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;

export function normalizeTags(common: CommonTagsLike, native: NativeTagsLike = {}): NormalizedTags {
  const artists = (common.artists?.length ? common.artists : [common.artist]).map(clean).filter((a): a is string => !!a);
  const albumArtists = (common.albumartists?.length ? common.albumartists : [common.albumartist]).map(clean).filter((a): a is string => !!a);
  const year = positive(common.year, 9999);
  return {
    title: clean(common.title),
    artists,
    albumArtists,
    album: clean(common.album),
    compilation: common.compilation === true,
    genres: (common.genre ?? []).map(clean).filter((g): g is string => !!g),
    trackNumber: positive(common.track?.no, 9999),
    discNumber: positive(common.disk?.no, 999),
    year: year && year >= 1000 ? year : undefined,
    date: clean(common.date),
    lyrics: lyricsOf(common, native),
    replayGain: replayGainOf(common),
  };
}

/** Lyrics keep their line breaks; other controls go. */
// eslint-disable-next-line no-control-regex
const LYRICS_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const cleanLyrics = (s: string | undefined): string => (s ?? '').replace(/\r\n?/g, '\n').replace(LYRICS_CONTROLS, '').trim();
const LRC_LINE = /^\s*\[(\d{1,3}):(\d{2})(?:[.:](\d{1,3}))?\](.*)$/;
/** Taggers (and ffmpeg) that write lyrics to ID3 as a user text frame rather than USLT. */
const LYRICS_TXXX = /^TXXX:(LYRICS|UNSYNCEDLYRICS|USLT)$/i;

/** LRC text into timed lines; null when no line has a time. */
export function parseLrc(text: string): { startMs: number; text: string }[] | null {
  const lines: { startMs: number; text: string }[] = [];
  for (const line of text.split('\n')) {
    const m = LRC_LINE.exec(line);
    if (!m) continue;
    const fraction = m[3] ? Number(m[3].padEnd(3, '0')) : 0;
    lines.push({ startMs: (Number(m[1]) * 60 + Number(m[2])) * 1000 + fraction, text: m[4]!.trim() });
  }
  return lines.length ? lines : null;
}

function lyricsOf(common: CommonTagsLike, native: NativeTagsLike): TrackLyrics | undefined {
  const tag = common.lyrics?.find((l) => cleanLyrics(l.text) || l.syncText?.length);
  let lyrics: TrackLyrics | undefined;
  if (tag) {
    const timed = tag.timeStampFormat === 2 ? (tag.syncText ?? []).filter((l) => typeof l.timestamp === 'number' && l.timestamp >= 0) : [];
    const synced = timed.length ? timed.map((l) => ({ startMs: Math.round(l.timestamp!), text: cleanLyrics(l.text) })) : null;
    lyrics = { text: cleanLyrics(tag.text) || (synced ?? []).map((l) => l.text).join('\n'), synced };
  } else {
    const raw = Object.values(native).flat().find((t) => LYRICS_TXXX.test(t.id) && typeof t.value === 'string' && cleanLyrics(t.value));
    if (!raw) return undefined;
    const text = cleanLyrics(raw.value as string);
    const synced = parseLrc(text);
    lyrics = { text: synced ? synced.map((l) => l.text).join('\n') : text, synced };
  }
  if (!lyrics.text && !lyrics.synced) return undefined;
  // A tag is the file's, not the uploader's typing: too long is cut, not refused.
  return { text: lyrics.text.slice(0, MAX_LYRICS_CHARS), synced: lyrics.synced?.slice(0, MAX_SYNCED_LINES) ?? null };
}

const inRange = (n: number | undefined, min: number, max: number): number | null =>
  typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max ? Math.round(n * 1e4) / 1e4 : null;

function replayGainOf(common: CommonTagsLike): ReplayGain | undefined {
  const gain: ReplayGain = {
    trackGain: inRange(common.replaygain_track_gain?.dB, -64, 64),
    trackPeak: inRange(common.replaygain_track_peak?.ratio, 0, 16),
    albumGain: inRange(common.replaygain_album_gain?.dB, -64, 64),
    albumPeak: inRange(common.replaygain_album_peak?.ratio, 0, 16),
  };
  return Object.values(gain).some((v) => v !== null) ? gain : undefined;
}

const FEATURING = /\s+(?:feat\.?|ft\.|featuring)\s+/i;
const FEATURING_IN_TITLE = /\s*[([](?:feat\.?|ft\.|featuring)\s+([^)\]]+)[)\]]\s*/i;

/**
 * One artist tag value into names: ';' always separates; '/' separates when it is spaced
 * (" / ") or when no part is a two-letter stub, so "AC/DC" stays one artist.
 */
export function splitNames(value: string): string[] {
  const parts: string[] = [];
  for (const piece of value.split(/\s*;\s*|\s+\/\s+/)) {
    const slashParts = piece.split('/').map((p) => p.trim());
    if (slashParts.length > 1 && slashParts.every((p) => p.length > 2)) parts.push(...slashParts);
    else parts.push(piece.trim());
  }
  return parts.filter(Boolean);
}

/** "A; B feat. C / D" -> A, B main; C, D featured, in order, each name once. */
export function splitArtists(values: string[]): { name: string; role: ArtistRole }[] {
  const main: string[] = [];
  const featured: string[] = [];
  for (const value of values) {
    const [head, ...rest] = value.split(FEATURING);
    main.push(...splitNames(head ?? ''));
    for (const r of rest) featured.push(...splitNames(r));
  }
  const seen = new Set<string>();
  const out: { name: string; role: ArtistRole }[] = [];
  for (const [names, role] of [[main, 'main'], [featured, 'featured']] as const) {
    for (const name of names) {
      const k = name.toLocaleLowerCase();
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ name, role });
    }
  }
  return out;
}

export function splitGenres(values: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    for (const g of v.split(/\s*[;/,|]\s*/)) {
      const name = g.trim();
      if (!name || name.length > 100 || seen.has(name.toLocaleLowerCase())) continue;
      seen.add(name.toLocaleLowerCase());
      out.push(name);
    }
  }
  return out;
}

/** A full date when the tag has one, else the first of January of the year; null when neither is usable. */
export function releaseDateOf(date: string | undefined, year: number | undefined): string | null {
  const m = date ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date) : null;
  if (m) {
    const y = Number(m[1]);
    const mo = m[2] ? Number(m[2]) : 1;
    const d = m[3] ? Number(m[3]) : 1;
    const candidate = new Date(Date.UTC(y, mo - 1, d));
    if (y >= 1000 && candidate.getUTCFullYear() === y && candidate.getUTCMonth() === mo - 1 && candidate.getUTCDate() === d) {
      return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    }
  }
  return year ? `${String(year).padStart(4, '0')}-01-01` : null;
}

export interface PathHints {
  title?: string;
  artist?: string;
  album?: string;
  year?: number;
  trackNumber?: number;
}

/**
 * What a library layout says about a file: `Artist/Album/NN - Title.ext`, with the album
 * folder possibly "Album (2021)" or "2021 - Album", and a lone file possibly "Artist - Title.ext".
 */
export function hintsFromPath(relativePath: string): PathHints {
  const segments = relativePath.split(/[\\/]+/).filter((s) => s && s !== '.' && s !== '..');
  const file = segments.pop();
  if (!file) return {};
  const hints: PathHints = {};
  const stem = file.replace(/\.[^.]+$/, '').trim();
  const numbered = /^(?:(\d{1,2})[-.])?(\d{1,3})(?:\s*[-._)]\s*|\s+)(.+)$/.exec(stem);
  if (numbered) {
    hints.trackNumber = Number(numbered[2]) || undefined;
    hints.title = clean(numbered[3]);
  } else if (/^\d{1,3}$/.test(stem)) {
    hints.trackNumber = Number(stem) || undefined;
  } else if (segments.length === 0 && / - /.test(stem)) {
    const [artist, ...title] = stem.split(' - ');
    hints.artist = clean(artist);
    hints.title = clean(title.join(' - '));
  } else {
    hints.title = clean(stem);
  }
  const albumDir = segments.at(-1);
  if (albumDir) {
    const suffixYear = /^(.*?)\s*[([](\d{4})[)\]]$/.exec(albumDir);
    const prefixYear = /^(\d{4})\s*-\s*(.+)$/.exec(albumDir);
    if (suffixYear) [hints.album, hints.year] = [clean(suffixYear[1]), Number(suffixYear[2])];
    else if (prefixYear) [hints.album, hints.year] = [clean(prefixYear[2]), Number(prefixYear[1])];
    else hints.album = clean(albumDir);
  }
  const artistDir = segments.at(-2);
  if (artistDir) hints.artist = clean(artistDir);
  return hints;
}

const isVarious = (name: string | undefined) => !!name && /^(various|various artists|va)$/i.test(name.trim());
const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLocaleLowerCase() === b.toLocaleLowerCase();

/**
 * Tags (and, for what they leave out, the file's place in a library) into the catalog's
 * track input. Album artists come from the album-artist tag, else from the artist folder
 * when it holds this album, else from the track's main artists. A compilation gets the
 * album artist "Various Artists" while each track keeps its own artists.
 */
export function tagsToTrackInput(tags: NormalizedTags, fallback: { relativePath?: string } = {}): TaggedTrackInput {
  const hints = fallback.relativePath ? hintsFromPath(fallback.relativePath) : {};
  const album = tags.album ?? hints.album;
  const albumFromPathFolder = !!hints.album && (!tags.album || same(tags.album, hints.album));

  const featuredInTitle = tags.title ? FEATURING_IN_TITLE.exec(tags.title)?.[1] : undefined;
  const title = clean(tags.title?.replace(FEATURING_IN_TITLE, ' ')) ?? hints.title ?? 'Untitled';

  let artistValues = tags.artists.filter((a) => !isVarious(a));
  if (artistValues.length === 0) {
    const folderArtist = hints.artist && !isVarious(hints.artist) ? hints.artist : undefined;
    const albumArtist = tags.albumArtists.find((a) => !isVarious(a));
    artistValues = [folderArtist ?? albumArtist ?? UNKNOWN_ARTIST];
  }
  const artistNames = splitArtists(artistValues);
  // "Song (feat. X)": X is a featured artist of the track, not part of its title.
  for (const name of featuredInTitle ? splitNames(featuredInTitle) : []) {
    if (!artistNames.some((a) => same(a.name, name))) artistNames.push({ name, role: 'featured' });
  }

  const year = tags.year ?? hints.year;
  const releaseDate = releaseDateOf(tags.date, year);

  let albumInput: TaggedTrackInput['album'] = null;
  if (album) {
    const compilation =
      tags.compilation || tags.albumArtists.some(isVarious) || (albumFromPathFolder && isVarious(hints.artist) && tags.albumArtists.length === 0);
    let albumArtistNames: string[];
    if (compilation) albumArtistNames = [VARIOUS_ARTISTS];
    else if (tags.albumArtists.length) albumArtistNames = splitArtists(tags.albumArtists).map((a) => a.name);
    else if (albumFromPathFolder && hints.artist) albumArtistNames = [hints.artist];
    else albumArtistNames = artistNames.filter((a) => a.role === 'main').map((a) => a.name);
    albumInput = {
      title: album,
      artistNames: albumArtistNames,
      ...(compilation ? { type: 'compilation' as const } : {}),
      releaseDate,
    };
  }

  return {
    title,
    artistNames,
    album: albumInput,
    genres: splitGenres(tags.genres),
    trackNumber: tags.trackNumber ?? hints.trackNumber ?? null,
    discNumber: tags.discNumber ?? null,
    releaseDate,
    ...(tags.lyrics ? { lyrics: tags.lyrics } : {}),
    ...(tags.replayGain ? { replayGain: tags.replayGain } : {}),
  };
}
