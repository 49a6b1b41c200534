import { createHash } from 'node:crypto';
import { DataTypes, QueryTypes } from 'sequelize';
import type { Migration } from './helpers.js';

/** Same rules as the catalog's nameKey() and albumMatchKey(); copied because a shipped migration never changes. */
const nameKey = (name: string) => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
const matchKey = (title: string, firstArtistId: string) => createHash('sha256').update(`${nameKey(title)}\u0000${firstArtistId}`).digest('hex');

/**
 * Uploads and imports find an album by its title (case-insensitively) and first album artist,
 * and create it when it is missing. Two processes doing that at once each found nothing and
 * each made one. `match_key` is that identity, unique, set on albums created that way (and here
 * on the oldest album of each identity), so the second insert finds the first instead. Albums
 * made through the API keep NULL: an artist may still publish two albums with the same title.
 */
export const albumMatchKey: Migration = {
  name: '0700-album-match-key',
  async up({ context: qi }) {
    const sequelize = qi.sequelize;
    await qi.addColumn('albums', 'match_key', { type: DataTypes.STRING(64), allowNull: true });
    const rows = await sequelize.query<{ id: string; title: string; artist_id: string }>(
      `SELECT a.id, a.title, aa.artist_id FROM albums a JOIN album_artists aa ON aa.album_id = a.id AND aa.position = 0
       ORDER BY a.created_at, a.id`,
      { type: QueryTypes.SELECT },
    );
    const seen = new Set<string>();
    for (const r of rows) {
      const key = matchKey(r.title, r.artist_id);
      if (seen.has(key)) continue;
      seen.add(key);
      await sequelize.query('UPDATE albums SET match_key = ? WHERE id = ?', { replacements: [key, r.id] });
    }
    await qi.addIndex('albums', ['match_key'], { unique: true, name: 'albums_match_key_uq' });
  },
  async down({ context: qi }) {
    await qi.removeIndex('albums', 'albums_match_key_uq');
    // Plain DROP COLUMN: on SQLite, removeColumn rebuilds the table, and dropping the old one
    // would cascade to album_artists.
    await qi.sequelize.query('ALTER TABLE albums DROP COLUMN match_key');
  },
};
