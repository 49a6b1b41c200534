import { InvalidError, type FieldError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { isSafeText, UNSAFE_TEXT_MESSAGE } from '../../shared/text.js';
import { ALBUM_TYPES, type AlbumType, type ArtistRole } from './catalog.types.js';
import { UNACCENT } from './unaccent.js';

/** Case-insensitive identity of a name: "The Beatles" and "the  beatles" are one artist. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The form search compares: lower(unaccent(text)), as PostgreSQL computes search_text, so both
 * databases find the same rows. "Ё" folds to "е" and "Æ" to "ae", while "й" stays a letter of
 * its own. Character by character, as PostgreSQL lowers: a final "Σ" becomes "σ", not "ς".
 */
export function foldText(text: string): string {
  let folded = '';
  for (const c of text) folded += UNACCENT.get(c) ?? c.toLowerCase();
  return folded;
}

/** Search terms: folded runs of letters, digits and the marks that stay (Indic vowel signs), in any script. */
export function words(text: string): string[] {
  return foldText(text).split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
}

/** URL-friendly, keeps non-Latin letters (a Cyrillic name gets a Cyrillic slug) rather than producing nothing. */
export function slugify(text: string): string {
  // Accents go from Latin letters only: "й" is a letter of its own, not an accented "и".
  const latinFolded = text.normalize('NFKD').replace(/([A-Za-z])\p{M}+/gu, '$1').normalize('NFC').toLowerCase();
  const slug = latinFolded.split(/[^\p{L}\p{N}]+/u).filter(Boolean).join('-').slice(0, 100).replace(/-+$/, '');
  return slug || 'untitled';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Titles of tracks and albums, names of artists: long classical titles fit. */
export const NAME_MAX = 1000;
/**
 * PostgreSQL cannot index a value of more than about 2,700 bytes (title and name columns are
 * sorted and searched by index), and CJK text takes three bytes a character: the bound in bytes
 * keeps such a name a clear refusal instead of a database error. Latin and Cyrillic text reach
 * NAME_MAX characters first.
 */
export const NAME_MAX_BYTES = 2000;

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const fitsName = (s: string) => s.length <= NAME_MAX && utf8Bytes(s) <= NAME_MAX_BYTES && utf8Bytes(nameKey(s)) <= NAME_MAX_BYTES;

/** A title or name: 1..NAME_MAX characters, within NAME_MAX_BYTES (its name key too). */
export function checkName(value: unknown, path: string, errors: FieldError[]): void {
  checkText(value, path, NAME_MAX, errors);
  if (typeof value === 'string' && value.length <= NAME_MAX && !fitsName(value)) errors.push({ path, message: `must be at most ${NAME_MAX_BYTES} bytes in UTF-8` });
}

/** The longest start of `value` that fits a name (never half of a surrogate pair), trimmed. */
export function cutName(value: string): string {
  if (fitsName(value)) return value;
  let [lo, hi] = [0, Math.min(value.length, NAME_MAX)];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fitsName(value.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  const cut = /[\uD800-\uDBFF]$/.test(value.slice(0, lo)) ? lo - 1 : lo;
  return value.slice(0, cut).trimEnd();
}

interface NamedFields {
  title: string;
  artistNames?: { name: string; role: ArtistRole }[];
  album?: { title: string; artistNames: string[] } | null;
}

/**
 * Names read from files (tags, manifests) cut to what the catalog takes, each cut reported as
 * a warning: a file is imported with a shortened title rather than refused for it.
 */
export function fitNames<T extends NamedFields>(fields: T): { fields: T; cut: FieldError[] } {
  const cut: FieldError[] = [];
  const fit = (value: string, path: string) => {
    const short = cutName(value);
    if (short !== value) cut.push({ path, message: `cut from ${value.length} to ${short.length} characters` });
    return short;
  };
  const out: T = { ...fields, title: fit(fields.title, 'title') };
  if (fields.artistNames) out.artistNames = fields.artistNames.map((a, i) => ({ ...a, name: fit(a.name, `artistNames.${i}.name`) }));
  if (fields.album) {
    out.album = { ...fields.album, title: fit(fields.album.title, 'album.title'), artistNames: fields.album.artistNames.map((n, i) => fit(n, `album.artistNames.${i}`)) };
  }
  return { fields: out, cut };
}

/** "Various Artists" is shared by every compilation: credited by anyone, managed only by admins. */
export const isSharedArtistName = (name: string): boolean => nameKey(name) === 'various artists';

export function checkText(value: unknown, path: string, max: number, errors: FieldError[]): void {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    errors.push({ path, message: `must be 1-${max} characters` });
  } else if (!isSafeText(value)) errors.push({ path, message: UNSAFE_TEXT_MESSAGE });
}

export function checkDate(value: unknown, path: string, errors: FieldError[]): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    errors.push({ path, message: 'must be a date (YYYY-MM-DD)' });
  } else if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    errors.push({ path, message: 'is not a real date' });
  }
}

export function checkPositive(value: unknown, path: string, errors: FieldError[]): void {
  if (value === null || value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 9999) errors.push({ path, message: 'must be an integer 1..9999' });
}

export function checkAlbumType(value: unknown, path: string, errors: FieldError[]): void {
  if (value !== undefined && !ALBUM_TYPES.includes(value as AlbumType)) errors.push({ path, message: `must be one of ${ALBUM_TYPES.join(', ')}` });
}

export function checkIds(value: unknown, path: string, errors: FieldError[], min = 0): void {
  if (!Array.isArray(value) || value.length < min || value.length > 50 || !value.every((v) => typeof v === 'string' && isUuid(v))) {
    errors.push({ path, message: `must be a list of ${min}..50 ids` });
  } else if (new Set(value).size !== value.length) {
    errors.push({ path, message: 'must not repeat an id' });
  }
}

export function checkCredits(value: unknown, path: string, errors: FieldError[]): void {
  const ok =
    Array.isArray(value) &&
    value.length >= 1 &&
    value.length <= 50 &&
    value.every((c) => c && typeof c.id === 'string' && isUuid(c.id) && (c.role === 'main' || c.role === 'featured'));
  if (!ok) return void errors.push({ path, message: 'must be 1..50 artists {id, role}' });
  const credits = value as { id: string; role: ArtistRole }[];
  if (new Set(credits.map((c) => c.id)).size !== credits.length) errors.push({ path, message: 'must not repeat an artist' });
  if (!credits.some((c) => c.role === 'main')) errors.push({ path, message: 'needs at least one main artist' });
}

export function checkGenreNames(value: unknown, path: string, errors: FieldError[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length > 20 || !value.every((g) => typeof g === 'string' && g.trim().length > 0 && g.length <= 100 && isSafeText(g))) {
    errors.push({ path, message: 'must be up to 20 genre names of 1-100 characters' });
  }
}

export function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw invalidInput(errors);
}

/** The message names every field and reason too: the CLI, the panel's notice and logs show only the message. */
export function invalidInput(errors: FieldError[]): InvalidError {
  return new InvalidError(`Invalid input: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
}

/** Main artists first, in the order given, then featured ones. */
export function orderCredits<T extends { role: ArtistRole }>(credits: T[]): T[] {
  return [...credits.filter((c) => c.role === 'main'), ...credits.filter((c) => c.role === 'featured')];
}

/** Genre names deduplicated by slug, keeping the first spelling. */
export function uniqueGenreNames(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name && !seen.has(slugify(name))) seen.set(slugify(name), name.slice(0, 100));
  }
  return [...seen.values()];
}
