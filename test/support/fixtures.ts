import { createHash } from 'node:crypto';
import { newId } from '../../src/shared/ids.js';
import { ArtistModel } from '../../src/modules/catalog/artist.model.js';
import { ArtistManagerModel } from '../../src/modules/catalog/artist-manager.model.js';
import { AlbumModel } from '../../src/modules/catalog/album.model.js';
import { AlbumArtistModel } from '../../src/modules/catalog/album-artist.model.js';
import { GenreModel } from '../../src/modules/catalog/genre.model.js';
import { TrackModel } from '../../src/modules/catalog/track.model.js';
import { TrackArtistModel } from '../../src/modules/catalog/track-artist.model.js';
import { TrackGenreModel } from '../../src/modules/catalog/track-genre.model.js';

/**
 * Rows for tests that need a catalog but are not about creating one (listener features,
 * statistics, recommendations). Inserted straight into the real database; tests of the
 * catalog itself go through the API instead.
 */
let n = 0;
const next = () => ++n;

export async function makeArtist(opts: { name?: string; managerId?: string; genreIds?: string[] } = {}) {
  const i = next();
  const name = opts.name ?? `Artist ${i}`;
  const artist = await ArtistModel.create({ id: newId(), name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i}` });
  if (opts.managerId) await ArtistManagerModel.create({ artistId: artist.id, userId: opts.managerId });
  for (const genreId of opts.genreIds ?? []) await ArtistGenreInsert(artist.id, genreId);
  return artist.get({ plain: true }) as { id: string; name: string; slug: string };
}

async function ArtistGenreInsert(artistId: string, genreId: string) {
  await ArtistModel.sequelize!.query('INSERT INTO artist_genres (artist_id, genre_id) VALUES (?, ?)', { replacements: [artistId, genreId] });
}

export async function makeGenre(name?: string) {
  const i = next();
  const g = await GenreModel.create({ id: newId(), name: name ?? `Genre ${i}`, slug: `${(name ?? `genre-${i}`).toLowerCase().replace(/[^a-z0-9]+/g, '-')}` });
  return g.get({ plain: true }) as { id: string; name: string; slug: string };
}

export async function makeAlbum(opts: { title?: string; artistIds: string[]; releaseDate?: string; type?: 'album' | 'single' | 'ep' | 'compilation'; createdAt?: Date }) {
  const i = next();
  const album = await AlbumModel.create({
    id: newId(),
    title: opts.title ?? `Album ${i}`,
    type: opts.type ?? 'album',
    releaseDate: opts.releaseDate ?? '2024-01-01',
    ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
  });
  await AlbumArtistModel.bulkCreate(opts.artistIds.map((artistId, position) => ({ albumId: album.id, artistId, position })));
  return album.get({ plain: true }) as { id: string; title: string };
}

export async function makeTrack(opts: {
  title?: string;
  artistIds: string[];
  albumId?: string | null;
  durationMs?: number;
  genreIds?: string[];
  trackNumber?: number;
  createdAt?: Date;
}) {
  const i = next();
  const id = newId();
  const sha = createHash('sha256').update(id).digest('hex');
  const track = await TrackModel.create({
    id,
    title: opts.title ?? `Track ${i}`,
    albumId: opts.albumId ?? null,
    trackNumber: opts.trackNumber ?? null,
    discNumber: opts.trackNumber ? 1 : null,
    durationMs: opts.durationMs ?? 180_000,
    releaseDate: '2024-01-01',
    audioKey: `audio/${sha.slice(0, 2)}/${sha}.mp3`,
    audioMime: 'audio/mpeg',
    audioCodec: 'MPEG 1 Layer 3',
    audioBitrate: 128000,
    audioSampleRate: 44100,
    audioChannels: 2,
    audioSizeBytes: 1000,
    audioSha256: sha,
    ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
  });
  await TrackArtistModel.bulkCreate(opts.artistIds.map((artistId, position) => ({ trackId: id, artistId, position, role: position === 0 ? 'main' : 'featured' })));
  if (opts.genreIds?.length) await TrackGenreModel.bulkCreate(opts.genreIds.map((genreId) => ({ trackId: id, genreId })));
  return track.get({ plain: true }) as { id: string; title: string; durationMs: number; albumId: string | null };
}
