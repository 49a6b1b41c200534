import { Op, QueryTypes } from 'sequelize';
import type { CursorValues } from '../../shared/pagination.js';
import { sqliteDate } from '../../db/dialect.js';
import { insertRows } from '../../db/insert-rows.js';
import { PlayModel } from './play.model.js';
import { NowPlayingModel } from './now-playing.model.js';
import type { NewPlay, NowPlayingRecord, PlayRecord, PlayRepository } from './play.types.js';
import type { Database } from '../../db/index.js';

const COLUMNS = ['id', 'user_id', 'track_id', 'started_at', 'ms_played', 'completed', 'counted', 'source', 'client_play_id', 'created_at'];

export class SequelizePlayRepository implements PlayRepository {
  constructor(private readonly db: Database) {}

  async trackDurations(trackIds: string[]) {
    if (trackIds.length === 0) return new Map<string, number>();
    const rows = await this.db.sequelize.query<{ id: string; duration_ms: number }>('SELECT id, duration_ms FROM tracks WHERE id IN (:trackIds)', {
      replacements: { trackIds },
      type: QueryTypes.SELECT,
    });
    return new Map(rows.map((r) => [String(r.id), Number(r.duration_ms)]));
  }

  /**
   * One statement for the whole batch, duplicates skipped by the unique index (user_id,
   * client_play_id). PostgreSQL gets one array per column and unnests them: ten parameters
   * instead of 5,000, which it parses and plans much faster. SQLite gets a VALUES list.
   */
  async insertNew(rows: NewPlay[]) {
    if (rows.length === 0) return 0;
    const [, meta] = this.db.sequelize.getDialect() === 'postgres' ? await this.insertPostgres(rows) : await this.insertSqlite(rows);
    // pg reports the row count; sqlite3 hands back its statement, which counts the changes.
    return typeof meta === 'number' ? meta : Number((meta as { changes?: number }).changes ?? 0);
  }

  private insertPostgres(rows: NewPlay[]) {
    const column = <K extends keyof NewPlay>(k: K) => rows.map((r) => r[k]);
    // ISO text is what PostgreSQL parses anyway; it spares pg's slower local-time Date formatting.
    const isoColumn = (k: 'startedAt' | 'createdAt') => rows.map((r) => r[k].toISOString());
    return this.db.sequelize.query(
      `INSERT INTO plays (${COLUMNS.join(', ')})
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::int[], $6::boolean[], $7::boolean[], $8::varchar[], $9::varchar[], $10::timestamptz[])
       ON CONFLICT (user_id, client_play_id) DO NOTHING`,
      {
        bind: [
          column('id'), column('userId'), column('trackId'), isoColumn('startedAt'), column('msPlayed'),
          column('completed'), column('counted'), column('source'), column('clientPlayId'), isoColumn('createdAt'),
        ],
      },
    );
  }

  private insertSqlite(rows: NewPlay[]) {
    const bind: unknown[] = [];
    const tuples = rows.map((r) => {
      const base = bind.length;
      bind.push(r.id, r.userId, r.trackId, sqliteDate(r.startedAt), r.msPlayed, Number(r.completed), Number(r.counted), r.source, r.clientPlayId, sqliteDate(r.createdAt));
      return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    return this.db.sequelize.query(`INSERT INTO plays (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (user_id, client_play_id) DO NOTHING`, { bind });
  }

  async history(q: { userId: string; limit: number; cursor: CursorValues | null }) {
    const where: Record<string | symbol, unknown> = { userId: q.userId };
    if (q.cursor) {
      const [startedAt, id] = q.cursor as [string, string];
      const at = new Date(startedAt);
      where[Op.or] = [{ startedAt: { [Op.lt]: at } }, { startedAt: at, id: { [Op.lt]: id } }];
    }
    const rows = await PlayModel.findAll({
      attributes: ['id', 'trackId', 'startedAt', 'msPlayed', 'completed', 'source', 'clientPlayId'],
      where,
      order: [['startedAt', 'DESC'], ['id', 'DESC']],
      limit: q.limit + 1,
    });
    return rows.map((m): PlayRecord => ({
      id: m.id,
      trackId: m.trackId,
      startedAt: m.startedAt,
      msPlayed: Number(m.msPlayed),
      completed: Boolean(m.completed),
      source: m.source,
      clientPlayId: m.clientPlayId,
    }));
  }

  async setNowPlaying(row: Omit<NowPlayingRecord, 'username'>) {
    await insertRows(NowPlayingModel, [row], { updateOnDuplicate: { key: ['userId'], update: ['trackId', 'player', 'startedAt'] } });
  }

  async nowPlaying(since: Date, limit: number) {
    const pg = this.db.sequelize.getDialect() === 'postgres';
    const rows = await this.db.sequelize.query<{ user_id: string; username: string; track_id: string; player: string | null; started_at: string | Date }>(
      `SELECT n.user_id, u.username, n.track_id, n.player, n.started_at FROM now_playing n JOIN users u ON u.id = n.user_id
       WHERE n.started_at > :since ORDER BY n.started_at DESC, n.user_id LIMIT :limit`,
      { replacements: { since: pg ? since.toISOString() : sqliteDate(since), limit }, type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({ userId: r.user_id, username: r.username, trackId: r.track_id, player: r.player, startedAt: new Date(r.started_at) }));
  }
}
