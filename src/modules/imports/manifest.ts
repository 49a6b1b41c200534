import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { InvalidError } from '../../shared/errors.js';

/** Columns of a manifest row; each one set overrides what the file's tags say. */
export interface ManifestOverrides {
  title?: string;
  artists?: string[];
  album?: string;
  albumArtists?: string[];
  albumType?: 'album' | 'single' | 'ep' | 'compilation';
  trackNumber?: number;
  discNumber?: number;
  /** YYYY, YYYY-MM or YYYY-MM-DD as written. */
  releaseDate?: string;
  genres?: string[];
  coverPath?: string;
}

export interface ManifestEntry {
  /** Absolute path of the audio file. */
  path: string;
  /** 1-based row number, for messages. */
  line: number;
  overrides: ManifestOverrides;
  /** Why this row cannot be used; the file is then reported as failed with it. */
  error?: string;
}

const ALBUM_TYPES = ['album', 'single', 'ep', 'compilation'] as const;
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Accepts snake_case, camelCase and a few common spellings for every column. */
const COLUMN_ALIASES: Record<string, keyof ManifestOverrides | 'path' | 'year'> = {
  path: 'path', file: 'path', filename: 'path',
  title: 'title',
  artist: 'artists', artists: 'artists',
  album: 'album',
  albumartist: 'albumArtists', albumartists: 'albumArtists',
  albumtype: 'albumType', type: 'albumType',
  tracknumber: 'trackNumber', track: 'trackNumber', trackno: 'trackNumber',
  discnumber: 'discNumber', disc: 'discNumber', discno: 'discNumber',
  year: 'year', date: 'releaseDate', releasedate: 'releaseDate',
  genre: 'genres', genres: 'genres',
  cover: 'coverPath', coverpath: 'coverPath',
};

const normaliseColumn = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');

/** Several values in one cell: "A; B" (a JSON manifest may use an array instead). */
const splitList = (value: string) => value.split(';').map((s) => s.trim()).filter(Boolean);

/**
 * Reads a CSV (header row) or JSON (array of objects) manifest; paths are relative to the
 * manifest. A row whose file or cover lies outside the manifest's folder fails unless
 * `allowOutside`: a manifest handed over with a release must not reach into the rest of the disk.
 */
export async function readManifest(file: string, opts: { allowOutside?: boolean } = {}): Promise<ManifestEntry[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new InvalidError(`Cannot read manifest ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const rows = file.toLowerCase().endsWith('.json') ? parseJsonRows(file, text) : parseCsvRows(file, text);
  const base = path.dirname(path.resolve(file));
  return rows.map((row, i) => {
    const entry = toEntry(row, i + 1, base, file);
    return opts.allowOutside || entry.error ? entry : keptInside(entry, base);
  });
}

/** Whether `target` is `folder` or below it. */
export const isInside = (folder: string, target: string): boolean => {
  const rel = path.relative(folder, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
};

export const OUTSIDE_REASON = "is outside the manifest's folder (--allow-outside allows it)";

function keptInside(entry: ManifestEntry, base: string): ManifestEntry {
  const outside = [entry.path, entry.overrides.coverPath].filter((p): p is string => !!p && !isInside(base, p));
  return outside.length ? { ...entry, error: `manifest row ${entry.line}: ${outside.join(', ')} ${OUTSIDE_REASON}` } : entry;
}

function parseJsonRows(file: string, text: string): Record<string, unknown>[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InvalidError(`Manifest ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const rows = Array.isArray(data) ? data : (data as { files?: unknown })?.files;
  if (!Array.isArray(rows) || !rows.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    throw new InvalidError(`Manifest ${file} must be a JSON array of objects (or {"files": [...]})`);
  }
  return rows as Record<string, unknown>[];
}

function parseCsvRows(file: string, text: string): Record<string, unknown>[] {
  try {
    return parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, unknown>[];
  } catch (err) {
    throw new InvalidError(`Manifest ${file} is not valid CSV: ${(err as Error).message}`);
  }
}

function toEntry(row: Record<string, unknown>, line: number, base: string, file: string): ManifestEntry {
  const fields: Partial<Record<keyof ManifestOverrides | 'path' | 'year', unknown>> = {};
  for (const [column, value] of Object.entries(row)) {
    const key = COLUMN_ALIASES[normaliseColumn(column)];
    if (key && value !== '' && value !== null && value !== undefined) fields[key] = value;
  }
  if (typeof fields.path !== 'string' || !fields.path) {
    throw new InvalidError(`Manifest ${file}, row ${line}: the path column is missing or empty`);
  }
  const entry: ManifestEntry = { path: path.resolve(base, fields.path), line, overrides: {} };
  const o = entry.overrides;
  const problems: string[] = [];
  const text = (v: unknown) => String(v).trim();
  const list = (v: unknown) => (Array.isArray(v) ? v.map(text).filter(Boolean) : splitList(String(v)));
  const positive = (name: string, v: unknown) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) problems.push(`${name} must be a positive integer`);
    return n;
  };

  if (fields.title !== undefined) o.title = text(fields.title);
  if (fields.artists !== undefined) o.artists = list(fields.artists);
  if (fields.album !== undefined) o.album = text(fields.album);
  if (fields.albumArtists !== undefined) o.albumArtists = list(fields.albumArtists);
  if (fields.albumType !== undefined) {
    const type = text(fields.albumType).toLowerCase();
    if ((ALBUM_TYPES as readonly string[]).includes(type)) o.albumType = type as ManifestOverrides['albumType'];
    else problems.push(`album_type must be one of ${ALBUM_TYPES.join(', ')}`);
  }
  if (fields.trackNumber !== undefined) o.trackNumber = positive('track_number', fields.trackNumber);
  if (fields.discNumber !== undefined) o.discNumber = positive('disc_number', fields.discNumber);
  const date = fields.releaseDate ?? fields.year;
  if (date !== undefined) {
    if (DATE.test(text(date))) o.releaseDate = text(date);
    else problems.push('year/date must look like 2021 or 2021-03-01');
  }
  if (fields.genres !== undefined) o.genres = list(fields.genres);
  if (fields.coverPath !== undefined) o.coverPath = path.resolve(base, text(fields.coverPath));
  if (o.title === '') problems.push('title must not be blank');
  if (problems.length) entry.error = `manifest row ${line}: ${problems.join('; ')}`;
  return entry;
}
