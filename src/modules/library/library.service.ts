import { requireUser, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/errors.js';
import { pageRequest, toPage, type Page } from '../../shared/pagination.js';
import type { CatalogLookup, LibraryItem, LibraryRepository } from './library.types.js';
import type { AlbumSummaryDto, TrackDto } from '../catalog/index.js';

export interface Dated<T> {
  at: Date;
  item: T;
}

export interface LibraryServiceDeps {
  repo: LibraryRepository;
  catalog: CatalogLookup;
  clock: Clock;
}

export class LibraryService {
  constructor(private readonly d: LibraryServiceDeps) {}

  async likeTrack(actor: Actor, trackId: string): Promise<void> {
    const me = requireUser(actor);
    await this.assertTrack(trackId);
    await this.d.repo.likeTrack(me.id, trackId, this.d.clock.now());
  }

  async unlikeTrack(actor: Actor, trackId: string): Promise<void> {
    const me = requireUser(actor);
    await this.assertTrack(trackId);
    await this.d.repo.unlikeTrack(me.id, trackId);
  }

  async saveAlbum(actor: Actor, albumId: string): Promise<void> {
    const me = requireUser(actor);
    await this.assertAlbum(albumId);
    await this.d.repo.saveAlbum(me.id, albumId, this.d.clock.now());
  }

  async unsaveAlbum(actor: Actor, albumId: string): Promise<void> {
    const me = requireUser(actor);
    await this.assertAlbum(albumId);
    await this.d.repo.unsaveAlbum(me.id, albumId);
  }

  async listLikedTracks(actor: Actor, query: { limit?: number; cursor?: string }): Promise<Page<Dated<TrackDto>>> {
    const me = requireUser(actor);
    const page = pageRequest(query);
    const rows = await this.d.repo.listLikedTracks({ userId: me.id, limit: page.limit, cursor: page.cursor });
    return this.resolve(rows, page.limit, (ids) => this.d.catalog.getTracks(actor, ids));
  }

  async listSavedAlbums(actor: Actor, query: { limit?: number; cursor?: string }): Promise<Page<Dated<AlbumSummaryDto>>> {
    const me = requireUser(actor);
    const page = pageRequest(query);
    const rows = await this.d.repo.listSavedAlbums({ userId: me.id, limit: page.limit, cursor: page.cursor });
    return this.resolve(rows, page.limit, (ids) => this.d.catalog.getAlbumSummaries(actor, ids));
  }

  /** One catalog call for the page; the cursor comes from the rows, so a vanished item cannot break paging. */
  private async resolve<X extends { id: string }>(rows: LibraryItem[], limit: number, load: (ids: string[]) => Promise<X[]>): Promise<Page<Dated<X>>> {
    const page = toPage(rows, limit, (r) => [r.at.toISOString(), r.id], (r) => r);
    const payloads = new Map(page.items.length ? (await load(page.items.map((r) => r.id))).map((x) => [x.id, x]) : []);
    return {
      items: page.items.flatMap((r) => {
        const item = payloads.get(r.id);
        return item ? [{ at: r.at, item }] : [];
      }),
      nextCursor: page.nextCursor,
    };
  }

  private async assertTrack(trackId: string) {
    if (!(await this.d.repo.trackExists(trackId))) throw new NotFoundError('Track');
  }

  private async assertAlbum(albumId: string) {
    if (!(await this.d.repo.albumExists(albumId))) throw new NotFoundError('Album');
  }
}
