import type { ManifestOverrides } from './manifest.js';
import type { PlannedTrack } from './import.types.js';
import type { ReplayGain, TrackLyrics } from '../catalog/index.js';

type AlbumType = 'album' | 'single' | 'ep' | 'compilation';

/** A track as tags describe it: the catalog's NewTrackInput without the audio (media's TaggedTrackInput). */
export interface TrackFields {
  title: string;
  artistNames?: { name: string; role: 'main' | 'featured' }[];
  album?: { title: string; artistNames: string[]; type?: AlbumType; releaseDate?: string | null } | null;
  genres?: string[];
  trackNumber?: number | null;
  discNumber?: number | null;
  releaseDate?: string | null;
  lyrics?: TrackLyrics | null;
  replayGain?: ReplayGain | null;
}

/** The tag helpers of the media module the overrides reuse, so a manifest cell means what a tag means. */
export interface TagHelpers {
  splitArtists(values: string[]): { name: string; role: 'main' | 'featured' }[];
  splitGenres(values: string[]): string[];
  releaseDateOf(date: string | undefined, year: number | undefined): string | null;
  isVariousArtists(name: string): boolean;
  variousArtists: string;
}

/** Manifest columns over tag values, field by field: a column left empty keeps what the tags say. */
export function applyOverrides(base: TrackFields, o: ManifestOverrides, tags: TagHelpers): TrackFields {
  const out: TrackFields = { ...base };
  if (o.title) out.title = o.title;
  if (o.artists?.length) out.artistNames = tags.splitArtists(o.artists);
  if (o.genres) out.genres = tags.splitGenres(o.genres);
  if (o.trackNumber !== undefined) out.trackNumber = o.trackNumber;
  if (o.discNumber !== undefined) out.discNumber = o.discNumber;
  const releaseDate = o.releaseDate ? tags.releaseDateOf(o.releaseDate, undefined) : undefined;
  if (releaseDate !== undefined) out.releaseDate = releaseDate;

  const albumTitle = o.album ?? base.album?.title;
  if (albumTitle) {
    const mainArtists = (out.artistNames ?? []).filter((a) => a.role === 'main').map((a) => a.name);
    const albumArtists = o.albumArtists?.length
      ? tags.splitArtists(o.albumArtists).map((a) => a.name)
      : o.artists?.length && !base.album?.type
        ? mainArtists // the tag's album artist was probably the tag's artist, which the manifest replaced
        : (base.album?.artistNames ?? mainArtists);
    const various = albumArtists.length === 1 && tags.isVariousArtists(albumArtists[0]!);
    const type = o.albumType ?? (various ? 'compilation' : o.albumArtists?.length ? undefined : base.album?.type);
    out.album = {
      title: albumTitle,
      artistNames: various ? [tags.variousArtists] : albumArtists,
      ...(type ? { type } : {}),
      releaseDate: releaseDate !== undefined ? releaseDate : (base.album?.releaseDate ?? out.releaseDate ?? null),
    };
  }
  return out;
}

export function planOf(fields: TrackFields, durationMs: number, cover: PlannedTrack['cover']): PlannedTrack {
  return {
    title: fields.title,
    artists: (fields.artistNames ?? []).map((a) => (a.role === 'featured' ? `${a.name} (feat.)` : a.name)),
    album: fields.album?.title ?? null,
    albumArtists: fields.album?.artistNames ?? [],
    genres: fields.genres ?? [],
    trackNumber: fields.trackNumber ?? null,
    discNumber: fields.discNumber ?? null,
    releaseDate: fields.releaseDate ?? null,
    durationMs,
    cover,
  };
}

/** A track that neither its tags, its folder nor a manifest puts on an album is a single of its own name. */
export function singleIfNoAlbum(fields: TrackFields): TrackFields {
  if (fields.album) return fields;
  const mains = (fields.artistNames ?? []).filter((a) => a.role === 'main').map((a) => a.name);
  if (mains.length === 0) return fields;
  return { ...fields, album: { title: fields.title, artistNames: mains, type: 'single', releaseDate: fields.releaseDate ?? null } };
}
