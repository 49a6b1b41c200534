import { requireUser, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/errors.js';
import { pageRequest, toPage, type Page } from '../../shared/pagination.js';
import type { CatalogLookup, FollowRepository } from './follow.types.js';
import type { AlbumSummaryDto, ArtistDto, TrackDto } from '../catalog/index.js';

export interface Followed {
  at: Date;
  artist: ArtistDto;
}

export type FeedItem = { kind: 'album'; at: Date; album: AlbumSummaryDto } | { kind: 'track'; at: Date; track: TrackDto };

type PageQuery = { limit?: number; cursor?: string };

export interface FollowServiceDeps {
  repo: FollowRepository;
  catalog: CatalogLookup;
  clock: Clock;
}

export class FollowService {
  constructor(private readonly d: FollowServiceDeps) {}

  async follow(actor: Actor, artistId: string): Promise<void> {
    const me = requireUser(actor);
    await this.assertArtist(artistId);
    await this.d.repo.follow(me.id, artistId, this.d.clock.now());
  }

  async unfollow(actor: Actor, artistId: string): Promise<void> {
    const me = requireUser(actor);
    await this.assertArtist(artistId);
    await this.d.repo.unfollow(me.id, artistId);
  }

  async listFollowing(actor: Actor, query: PageQuery): Promise<Page<Followed>> {
    const me = requireUser(actor);
    const page = pageRequest(query);
    const rows = await this.d.repo.listFollowing({ userId: me.id, limit: page.limit, cursor: page.cursor });
    const result = toPage(rows, page.limit, (r) => [r.at.toISOString(), r.artistId], (r) => r);
    const ids = result.items.map((r) => r.artistId);
    const artists = new Map((ids.length ? await this.d.catalog.getArtistSummaries(actor, ids) : []).map((a) => [a.id, a]));
    return {
      items: result.items.flatMap((r) => {
        const artist = artists.get(r.artistId);
        return artist ? [{ at: r.at, artist }] : [];
      }),
      nextCursor: result.nextCursor,
    };
  }

  /** New albums and tracks of the artists the caller follows, newest first; two catalog calls per page. */
  async feed(actor: Actor, query: PageQuery): Promise<Page<FeedItem>> {
    const me = requireUser(actor);
    const page = pageRequest(query);
    const rows = await this.d.repo.feed({ userId: me.id, limit: page.limit, cursor: page.cursor });
    const result = toPage(rows, page.limit, (r) => [r.at.toISOString(), r.id], (r) => r);
    const albumIds = result.items.filter((r) => r.kind === 'album').map((r) => r.id);
    const trackIds = result.items.filter((r) => r.kind === 'track').map((r) => r.id);
    const [albums, tracks] = await Promise.all([
      albumIds.length ? this.d.catalog.getAlbumSummaries(actor, albumIds) : [],
      trackIds.length ? this.d.catalog.getTracks(actor, trackIds) : [],
    ]);
    const albumById = new Map(albums.map((a) => [a.id, a]));
    const trackById = new Map(tracks.map((t) => [t.id, t]));
    return {
      items: result.items.flatMap((r): FeedItem[] => {
        if (r.kind === 'album') {
          const album = albumById.get(r.id);
          return album ? [{ kind: 'album', at: r.at, album }] : [];
        }
        const track = trackById.get(r.id);
        return track ? [{ kind: 'track', at: r.at, track }] : [];
      }),
      nextCursor: result.nextCursor,
    };
  }

  private async assertArtist(artistId: string) {
    if (!(await this.d.repo.artistExists(artistId))) throw new NotFoundError('Artist');
  }
}
