import { Op, QueryTypes } from 'sequelize';
import { isUuid } from '../../shared/ids.js';
import type { CursorValues } from '../../shared/pagination.js';
import { ArtistFollowModel } from './artist-follow.model.js';
import type { FeedKind, FeedRow, FollowRow, FollowRepository } from './follow.types.js';
import type { Database } from '../../db/index.js';

/** The albums of followed artists; their tracks show up in the feed as the album, not one by one. */
const FOLLOWED_ALBUMS = `SELECT aa.album_id FROM album_artists aa JOIN artist_follows f ON f.artist_id = aa.artist_id WHERE f.user_id = :userId`;
const FOLLOWED_TRACKS = `SELECT ta.track_id FROM track_artists ta JOIN artist_follows f ON f.artist_id = ta.artist_id WHERE f.user_id = :userId`;

export class SequelizeFollowRepository implements FollowRepository {
  constructor(private readonly db: Database) {}

  async artistExists(artistId: string) {
    if (!isUuid(artistId)) return false;
    const rows = await this.db.sequelize.query('SELECT 1 AS one FROM artists WHERE id = :artistId', { replacements: { artistId }, type: QueryTypes.SELECT });
    return rows.length > 0;
  }

  async follow(userId: string, artistId: string, at: Date) {
    await ArtistFollowModel.bulkCreate([{ userId, artistId, createdAt: at }], { ignoreDuplicates: true });
  }

  async unfollow(userId: string, artistId: string) {
    await ArtistFollowModel.destroy({ where: { userId, artistId } });
  }

  async listFollowing(q: { userId: string; limit: number; cursor: CursorValues | null }) {
    const where: Record<string | symbol, unknown> = { userId: q.userId };
    if (q.cursor) {
      const [createdAt, artistId] = q.cursor as [string, string];
      const at = new Date(createdAt);
      where[Op.or] = [{ createdAt: { [Op.lt]: at } }, { createdAt: at, artistId: { [Op.lt]: artistId } }];
    }
    const rows = await ArtistFollowModel.findAll({
      attributes: ['artistId', 'createdAt'],
      where,
      order: [['createdAt', 'DESC'], ['artistId', 'DESC']],
      limit: q.limit + 1,
    });
    return rows.map((m): FollowRow => ({ artistId: m.artistId, at: m.createdAt }));
  }

  /**
   * Driven from the user's follows through the artist indexes of album_artists and track_artists,
   * so the cost grows with what the followed artists published, not with the catalog.
   * A track appears on its own only when its album is not already in the feed (a single, or a
   * featured appearance on someone else's album).
   */
  async feed(q: { userId: string; limit: number; cursor: CursorValues | null }) {
    const replacements: Record<string, unknown> = { userId: q.userId, limit: q.limit + 1 };
    let after = '';
    if (q.cursor) {
      const [createdAt, id] = q.cursor as [string, string];
      replacements.at = new Date(createdAt);
      replacements.id = id;
      after = 'WHERE feed.created_at < :at OR (feed.created_at = :at AND feed.id < :id)';
    }
    const rows = await this.db.sequelize.query<{ kind: FeedKind; id: string; created_at: string | Date }>(
      `SELECT feed.kind, feed.id, feed.created_at FROM (
         SELECT 'album' AS kind, a.id AS id, a.created_at AS created_at FROM albums a
          WHERE a.id IN (${FOLLOWED_ALBUMS})
         UNION ALL
         SELECT 'track' AS kind, t.id AS id, t.created_at AS created_at FROM tracks t
          WHERE t.id IN (${FOLLOWED_TRACKS})
            AND (t.album_id IS NULL OR t.album_id NOT IN (${FOLLOWED_ALBUMS}))
       ) feed
       ${after}
       ORDER BY feed.created_at DESC, feed.id DESC
       LIMIT :limit`,
      { replacements, type: QueryTypes.SELECT },
    );
    return rows.map((r): FeedRow => ({ kind: r.kind, id: String(r.id), at: new Date(r.created_at) }));
  }
}
