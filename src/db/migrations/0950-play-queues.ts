import { DataTypes } from 'sequelize';
import { fk, timestamps, type Migration } from './helpers.js';

/**
 * What each listener is playing. Their saved play queue (Subsonic savePlayQueue / getPlayQueue):
 * one row per user with the current track and position, and its tracks in order. And what they
 * are playing now (a scrobble with submission=false), one row per user, read back while it is
 * recent; a table rather than memory, so every worker process of the server sees it. A track
 * that is deleted leaves both; a user who is deleted takes both along.
 */
export const playQueues: Migration = {
  name: '0950-play-queues',
  async up({ context: qi }) {
    await qi.createTable('play_queues', {
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      current_track_id: fk('tracks', 'SET NULL'),
      position_ms: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      changed_by: { type: DataTypes.STRING(100), allowNull: true },
      ...timestamps(),
    });
    await qi.addIndex('play_queues', ['current_track_id'], { name: 'play_queues_current_track_idx' });
    await qi.createTable('play_queue_entries', {
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      position: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
      track_id: fk('tracks', 'CASCADE'),
    });
    await qi.addIndex('play_queue_entries', ['track_id'], { name: 'play_queue_entries_track_idx' });
    await qi.createTable('now_playing', {
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      track_id: fk('tracks', 'CASCADE'),
      player: { type: DataTypes.STRING(100), allowNull: true },
      started_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('now_playing', ['started_at'], { name: 'now_playing_started_idx' });
    await qi.addIndex('now_playing', ['track_id'], { name: 'now_playing_track_idx' });
  },
  async down({ context: qi }) {
    await qi.dropTable('now_playing');
    await qi.dropTable('play_queue_entries');
    await qi.dropTable('play_queues');
  },
};
