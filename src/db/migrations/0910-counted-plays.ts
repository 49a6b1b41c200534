import { DataTypes } from 'sequelize';
import type { Migration } from './helpers.js';

/**
 * Whether a play counts as a listen, decided when it is stored (the scrobble rule in
 * play.rules.ts), so that statistics and recommendations filter on one column instead of
 * joining tracks for their durations. Existing rows are judged by the default rule (30 s,
 * 240 s, half the track); the default of TRUE only serves rows written by hand, as before.
 * The statistics indexes of 0500 are rebuilt with the column, so they still cover.
 */
export const countedPlays: Migration = {
  name: '0910-counted-plays',
  async up({ context: qi }) {
    const pg = qi.sequelize.getDialect() === 'postgres';
    const q = (sql: string) => qi.sequelize.query(sql);
    await qi.addColumn('plays', 'counted', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true });
    await q(`UPDATE plays SET counted = COALESCE((
      SELECT plays.ms_played > 0
         AND plays.ms_played >= CASE WHEN t.duration_ms * 0.5 < 240000 THEN t.duration_ms * 0.5 ELSE 240000 END
         AND (t.duration_ms <= 30000 OR plays.ms_played >= 30000)
      FROM tracks t WHERE t.id = plays.track_id), ${pg ? 'FALSE' : '0'})`);
    await q('DROP INDEX IF EXISTS plays_track_stats_idx');
    await q('DROP INDEX IF EXISTS plays_started_stats_idx');
    if (pg) {
      await q('CREATE INDEX plays_track_stats_idx ON plays (track_id, started_at) INCLUDE (user_id, ms_played, completed, counted)');
      await q('CREATE INDEX plays_started_stats_idx ON plays (started_at) INCLUDE (track_id, user_id, ms_played, completed, counted)');
    } else {
      await q('CREATE INDEX plays_track_stats_idx ON plays (track_id, started_at, user_id, ms_played, completed, counted)');
      await q('CREATE INDEX plays_started_stats_idx ON plays (started_at, track_id, user_id, ms_played, completed, counted)');
    }
    // Play counts of tracks and albums read counted plays by track, across all time.
    await q('CREATE INDEX plays_counted_track_idx ON plays (track_id) WHERE counted');
  },
  async down({ context: qi }) {
    const pg = qi.sequelize.getDialect() === 'postgres';
    const q = (sql: string) => qi.sequelize.query(sql);
    await q('DROP INDEX IF EXISTS plays_counted_track_idx');
    await q('DROP INDEX IF EXISTS plays_track_stats_idx');
    await q('DROP INDEX IF EXISTS plays_started_stats_idx');
    await qi.removeColumn('plays', 'counted');
    if (pg) {
      await q('CREATE INDEX plays_track_stats_idx ON plays (track_id, started_at) INCLUDE (user_id, ms_played, completed)');
      await q('CREATE INDEX plays_started_stats_idx ON plays (started_at) INCLUDE (track_id, user_id, ms_played, completed)');
    } else {
      await q('CREATE INDEX plays_track_stats_idx ON plays (track_id, started_at, user_id, ms_played, completed)');
      await q('CREATE INDEX plays_started_stats_idx ON plays (started_at, track_id, user_id, ms_played, completed)');
    }
  },
};
