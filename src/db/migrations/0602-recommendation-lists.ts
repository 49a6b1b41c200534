import { DataTypes } from 'sequelize';
import { fk, type Migration } from './helpers.js';

const { INTEGER, FLOAT, STRING, TEXT, UUID } = DataTypes;

/**
 * One row per list instead of one row per item. A full run wrote ~20M rows (a user's top 100,
 * a track's 50 neighbours, ~7M generated-playlist entries), each with its own index entries and
 * foreign-key checks, and deleted as many first: 11-16 minutes. As lists it writes ~0.6M rows.
 * Lists are read whole by the one key they have (the user, the track, the playlist), so the
 * items need no index of their own; they are JSON text, which both dialects store as is.
 * Reasons are kept as a kind and the id of what they name and put into words when read, so a
 * renamed track or artist shows its new name.
 *
 * The old rows cannot be converted (their reasons are text only): the tables start empty and
 * the next `recommend run` fills them; until then readers fall back to popular tracks.
 * Generated playlists keep their entries, moved into the new column.
 */
export const recommendationLists: Migration = {
  name: '0602-recommendation-lists',
  async up({ context: qi }) {
    const pg = qi.sequelize.getDialect() === 'postgres';
    const q = (sql: string) => qi.sequelize.query(sql);
    await qi.createTable('recommendation_lists', {
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      // no foreign key: written in the same transaction as its run, and runs are never deleted
      run_id: { type: UUID, allowNull: false },
      track_ids: { type: TEXT, allowNull: false },
      scores: { type: TEXT, allowNull: false },
      reasons: { type: TEXT, allowNull: false },
      reason_refs: { type: TEXT, allowNull: false },
    });
    await qi.createTable('track_similarity_lists', {
      track_id: fk('tracks', 'CASCADE', { primaryKey: true }),
      run_id: { type: UUID, allowNull: false },
      track_ids: { type: TEXT, allowNull: false },
      scores: { type: TEXT, allowNull: false },
    });
    if (pg) {
      // a full run writes ~0.6 GB of these lists: lz4 compresses them as fast as they arrive,
      // the default pglz took 2.5x as long (measured); only where the server was built with it
      const [[lz4]] = (await qi.sequelize.query(
        "SELECT 'lz4' = ANY(enumvals) AS ok FROM pg_settings WHERE name = 'default_toast_compression'",
      )) as [{ ok: boolean }[], unknown];
      if (lz4?.ok) {
        for (const [table, columns] of [['recommendation_lists', ['track_ids', 'scores', 'reasons', 'reason_refs']], ['track_similarity_lists', ['track_ids', 'scores']]] as const) {
          await q(`ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN ${c} SET COMPRESSION lz4`).join(', ')}`);
        }
      }
    }
    await qi.addColumn('playlists', 'generated_track_ids', { type: TEXT, allowNull: true });
    // playlists are read by owner and kind (a user's mixes, a run replacing them)
    await qi.addIndex('playlists', ['owner_id', 'kind'], { name: 'playlists_owner_kind_idx' });
    await q(
      pg
        ? `UPDATE playlists SET generated_track_ids = COALESCE(
             (SELECT CAST(json_agg(e.track_id ORDER BY e.position, e.id) AS text) FROM playlist_tracks e WHERE e.playlist_id = playlists.id), '[]')
           WHERE kind = 'generated'`
        : `UPDATE playlists SET generated_track_ids = COALESCE(
             (SELECT json_group_array(o.track_id) FROM (SELECT e.track_id FROM playlist_tracks e WHERE e.playlist_id = playlists.id ORDER BY e.position, e.id) o), '[]')
           WHERE kind = 'generated'`,
    );
    await q("DELETE FROM playlist_tracks WHERE playlist_id IN (SELECT id FROM playlists WHERE kind = 'generated')");
    await qi.dropTable('recommendations');
    await qi.dropTable('track_similarities');
  },
  async down({ context: qi }) {
    const pg = qi.sequelize.getDialect() === 'postgres';
    await qi.createTable('recommendations', {
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      rank: { type: INTEGER, primaryKey: true, allowNull: false },
      track_id: fk('tracks', 'CASCADE'),
      score: { type: FLOAT, allowNull: false },
      reason: { type: STRING(300), allowNull: false },
      // 0601 had dropped the run foreign key on PostgreSQL
      run_id: pg ? { type: UUID, allowNull: false } : fk('recommendation_runs', 'CASCADE'),
    });
    await qi.addIndex('recommendations', ['track_id'], { name: 'recommendations_track_idx' });
    await qi.createTable('track_similarities', {
      track_id: fk('tracks', 'CASCADE', { primaryKey: true }),
      rank: { type: INTEGER, primaryKey: true, allowNull: false },
      similar_track_id: fk('tracks', 'CASCADE'),
      score: { type: FLOAT, allowNull: false },
      run_id: pg ? { type: UUID, allowNull: false } : fk('recommendation_runs', 'CASCADE'),
    });
    await qi.addIndex('track_similarities', ['similar_track_id'], { name: 'track_similarities_similar_idx' });
    if (!pg) {
      await qi.addIndex('recommendations', ['run_id'], { name: 'recommendations_run_idx' });
      await qi.addIndex('track_similarities', ['run_id'], { name: 'track_similarities_run_idx' });
    }
    // the old layout has no entries for generated playlists: drop them, the next run rebuilds them
    await qi.sequelize.query("DELETE FROM playlists WHERE kind = 'generated'");
    await qi.removeIndex('playlists', 'playlists_owner_kind_idx');
    await qi.removeColumn('playlists', 'generated_track_ids');
    await qi.dropTable('track_similarity_lists');
    await qi.dropTable('recommendation_lists');
  },
};
