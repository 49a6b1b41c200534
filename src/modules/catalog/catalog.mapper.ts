import { imageUrl } from '../../shared/image-url.js';
import type { AlbumType, AlbumView, ArtistRole, ArtistView, GenreRecord, PlaylistSummaryRecord, TrackView } from './catalog.types.js';

export interface GenreDto {
  id: string;
  name: string;
  slug: string;
}

export interface TrackDto {
  id: string;
  title: string;
  durationMs: number;
  artists: { id: string; name: string; role: ArtistRole }[];
  album: { id: string; title: string } | null;
  genres: GenreDto[];
  trackNumber: number | null;
  discNumber: number | null;
  releaseDate: string | null;
  coverUrl: string | null;
  audio: { mimeType: string; codec: string | null; bitrate: number | null; sizeBytes: number; sampleRate: number | null; channels: number | null };
  rating: { average: number | null; count: number; mine: number | null };
  liked: boolean;
  playCount: number;
  createdAt: string;
}

export interface ArtistDto {
  id: string;
  name: string;
  slug: string;
  bio: string | null;
  photoUrl: string | null;
  genres: GenreDto[];
  followerCount: number;
  following: boolean;
  createdAt: string;
}

export interface AlbumSummaryDto {
  id: string;
  title: string;
  type: AlbumType;
  releaseDate: string | null;
  coverUrl: string | null;
  artists: { id: string; name: string }[];
  saved: boolean;
  trackCount: number;
  durationMs: number;
  playCount: number;
}

export interface AlbumDto extends AlbumSummaryDto {
  createdAt: string;
  tracks: TrackDto[];
}

export interface PlaylistSummaryDto {
  id: string;
  name: string;
  owner: { id: string; username: string; displayName: string };
  trackCount: number;
}

export const toGenreDto = (g: GenreRecord): GenreDto => ({ id: g.id, name: g.name, slug: g.slug });

/** Image URLs name the image itself, so `<img>` can use them; a track without its own cover shows its album's. */
export function toTrackDto(v: TrackView): TrackDto {
  const t = v.track;
  return {
    id: t.id,
    title: t.title,
    durationMs: t.durationMs,
    artists: v.artists,
    album: v.album ? { id: v.album.id, title: v.album.title } : null,
    genres: v.genres.map(toGenreDto),
    trackNumber: t.trackNumber,
    discNumber: t.discNumber,
    releaseDate: t.releaseDate,
    coverUrl: imageUrl(t.coverKey || v.album?.coverKey),
    audio: {
      mimeType: t.audioMime,
      codec: t.audioCodec,
      bitrate: t.audioBitrate,
      sizeBytes: t.audioSizeBytes,
      sampleRate: t.audioSampleRate,
      channels: t.audioChannels,
    },
    rating: {
      average: t.ratingCount > 0 ? Math.round((t.ratingSum / t.ratingCount) * 100) / 100 : null,
      count: t.ratingCount,
      mine: v.myRating,
    },
    liked: v.liked,
    playCount: v.playCount,
    createdAt: t.createdAt.toISOString(),
  };
}

export function toArtistDto(v: ArtistView): ArtistDto {
  const a = v.artist;
  return {
    id: a.id,
    name: a.name,
    slug: a.slug,
    bio: a.bio,
    photoUrl: imageUrl(a.photoKey),
    genres: v.genres.map(toGenreDto),
    followerCount: v.followerCount,
    following: v.following,
    createdAt: a.createdAt.toISOString(),
  };
}

export function toAlbumSummaryDto(v: AlbumView): AlbumSummaryDto {
  const a = v.album;
  return {
    id: a.id,
    title: a.title,
    type: a.type,
    releaseDate: a.releaseDate,
    coverUrl: imageUrl(a.coverKey),
    artists: v.artists,
    saved: v.saved,
    trackCount: v.trackCount,
    durationMs: v.durationMs,
    playCount: v.playCount,
  };
}

export function toAlbumDto(v: AlbumView, tracks: TrackDto[]): AlbumDto {
  return { ...toAlbumSummaryDto(v), createdAt: v.album.createdAt.toISOString(), tracks };
}

export const toPlaylistSummaryDto = (p: PlaylistSummaryRecord): PlaylistSummaryDto => ({ id: p.id, name: p.name, owner: p.owner, trackCount: p.trackCount });
