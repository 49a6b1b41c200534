import type { Migration } from './helpers.js';

/**
 * Statistics read plays by track (an artist's tracks) or by time (the platform) over a date
 * range, and only need user_id, ms_played and completed. Covering indexes let PostgreSQL
 * answer from the index alone (INCLUDE); SQLite gets the same by putting the columns in
 * the key. They replace the narrower indexes of 0001, which they serve as well.
 */
export const statsIndexes: Migration = {
  name: '0500-stats-indexes',
  async up({ context: qi }) {
    const pg = qi.sequelize.getDialect() === 'postgres';
    const q = (sql: string) => qi.sequelize.query(sql);
    if (pg) {
      await q('CREATE INDEX plays_track_stats_idx ON plays (track_id, started_at) INCLUDE (user_id, ms_played, completed)');
      await q('CREATE INDEX plays_started_stats_idx ON plays (started_at) INCLUDE (track_id, user_id, ms_played, completed)');
    } else {
      await q('CREATE INDEX plays_track_stats_idx ON plays (track_id, started_at, user_id, ms_played, completed)');
      await q('CREATE INDEX plays_started_stats_idx ON plays (started_at, track_id, user_id, ms_played, completed)');
    }
    await q('DROP INDEX IF EXISTS plays_track_started_idx');
    await q('DROP INDEX IF EXISTS plays_started_idx');
  },
  async down({ context: qi }) {
    await qi.addIndex('plays', ['track_id', 'started_at'], { name: 'plays_track_started_idx' });
    await qi.addIndex('plays', ['started_at'], { name: 'plays_started_idx' });
    await qi.sequelize.query('DROP INDEX IF EXISTS plays_track_stats_idx');
    await qi.sequelize.query('DROP INDEX IF EXISTS plays_started_stats_idx');
  },
};
