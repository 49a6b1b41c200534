import { DataTypes } from 'sequelize';
import type { Migration } from './helpers.js';

const GAIN_COLUMNS = ['replay_gain_track_gain', 'replay_gain_track_peak', 'replay_gain_album_gain', 'replay_gain_album_peak'];

/**
 * What the file's tags say beyond names: its lyrics (plain, and timed lines when the tag is
 * LRC or SYLT) and its ReplayGain values (gains in dB, peaks as a ratio of full scale), so
 * players can show the words and level the volume. Null where the file said nothing.
 */
export const lyricsReplayGain: Migration = {
  name: '0940-lyrics-replay-gain',
  async up({ context: qi }) {
    await qi.addColumn('tracks', 'lyrics', { type: DataTypes.TEXT, allowNull: true });
    await qi.addColumn('tracks', 'synced_lyrics', { type: DataTypes.JSON, allowNull: true });
    for (const column of GAIN_COLUMNS) await qi.addColumn('tracks', column, { type: DataTypes.DOUBLE, allowNull: true });
  },
  async down({ context: qi }) {
    // Plain DROP COLUMN: on SQLite, removeColumn rebuilds the table, which would take the
    // catalog search's triggers on tracks with it.
    for (const column of ['lyrics', 'synced_lyrics', ...GAIN_COLUMNS]) await qi.sequelize.query(`ALTER TABLE tracks DROP COLUMN ${column}`);
  },
};
