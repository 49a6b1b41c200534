import { DataTypes } from 'sequelize';
import { fk, id, timestamps, type Migration } from './helpers.js';

const { STRING, TEXT, INTEGER, BIGINT, SMALLINT, BOOLEAN, DATE, DATEONLY, FLOAT, JSON: JSONTYPE, UUID } = DataTypes;

/** Tables in creation order; dropped in reverse. */
const TABLES = [
  'users', 'refresh_tokens', 'email_tokens', 'genres', 'artists', 'artist_managers', 'artist_genres',
  'albums', 'album_artists', 'tracks', 'track_artists', 'track_genres', 'playlists', 'playlist_tracks',
  'playlist_genres', 'liked_tracks', 'saved_albums', 'ratings', 'artist_follows', 'plays',
  'recommendation_runs', 'recommendations', 'track_similarities', 'announcements', 'admin_sessions',
];

export const initialSchema: Migration = {
  name: '0001-initial-schema',
  async up({ context: qi }) {
    await qi.createTable('users', {
      id: id(),
      email: { type: STRING(254), allowNull: false },
      username: { type: STRING(32), allowNull: false },
      username_key: { type: STRING(32), allowNull: false },
      display_name: { type: STRING(100), allowNull: false },
      password_hash: { type: STRING(255), allowNull: false },
      role: { type: STRING(16), allowNull: false },
      status: { type: STRING(16), allowNull: false },
      avatar_key: { type: STRING(128), allowNull: true },
      email_verified_at: { type: DATE, allowNull: true },
      ...timestamps(),
    });
    await qi.addIndex('users', ['email'], { unique: true, name: 'users_email_uq' });
    await qi.addIndex('users', ['username_key'], { unique: true, name: 'users_username_key_uq' });
    await qi.addIndex('users', ['role'], { name: 'users_role_idx' });
    await qi.addIndex('users', ['status'], { name: 'users_status_idx' });
    await qi.addIndex('users', ['created_at', 'id'], { name: 'users_created_idx' });

    await qi.createTable('refresh_tokens', {
      id: id(),
      user_id: fk('users', 'CASCADE'),
      family_id: { type: UUID, allowNull: false },
      token_hash: { type: STRING(64), allowNull: false },
      expires_at: { type: DATE, allowNull: false },
      spent_at: { type: DATE, allowNull: true },
      revoked_at: { type: DATE, allowNull: true },
      user_agent: { type: STRING(255), allowNull: true },
      ...timestamps(false),
    });
    await qi.addIndex('refresh_tokens', ['token_hash'], { unique: true, name: 'refresh_tokens_hash_uq' });
    await qi.addIndex('refresh_tokens', ['family_id'], { name: 'refresh_tokens_family_idx' });
    await qi.addIndex('refresh_tokens', ['user_id'], { name: 'refresh_tokens_user_idx' });

    await qi.createTable('email_tokens', {
      id: id(),
      user_id: fk('users', 'CASCADE'),
      purpose: { type: STRING(32), allowNull: false },
      token_hash: { type: STRING(64), allowNull: false },
      expires_at: { type: DATE, allowNull: false },
      used_at: { type: DATE, allowNull: true },
      ...timestamps(false),
    });
    await qi.addIndex('email_tokens', ['token_hash'], { unique: true, name: 'email_tokens_hash_uq' });
    await qi.addIndex('email_tokens', ['user_id', 'purpose'], { name: 'email_tokens_user_idx' });

    await qi.createTable('genres', {
      id: id(),
      name: { type: STRING(100), allowNull: false },
      slug: { type: STRING(120), allowNull: false },
      ...timestamps(),
    });
    await qi.addIndex('genres', ['name'], { unique: true, name: 'genres_name_uq' });
    await qi.addIndex('genres', ['slug'], { unique: true, name: 'genres_slug_uq' });

    await qi.createTable('artists', {
      id: id(),
      name: { type: STRING(200), allowNull: false },
      slug: { type: STRING(220), allowNull: false },
      bio: { type: TEXT, allowNull: true },
      photo_key: { type: STRING(128), allowNull: true },
      created_by_id: fk('users', 'SET NULL'),
      ...timestamps(),
    });
    await qi.addIndex('artists', ['slug'], { unique: true, name: 'artists_slug_uq' });
    await qi.addIndex('artists', ['name', 'id'], { name: 'artists_name_idx' });
    await qi.addIndex('artists', ['created_at', 'id'], { name: 'artists_created_idx' });

    await qi.createTable('artist_managers', {
      artist_id: fk('artists', 'CASCADE', { primaryKey: true }),
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      ...timestamps(false),
    });
    await qi.addIndex('artist_managers', ['user_id'], { name: 'artist_managers_user_idx' });

    await qi.createTable('artist_genres', {
      artist_id: fk('artists', 'CASCADE', { primaryKey: true }),
      genre_id: fk('genres', 'CASCADE', { primaryKey: true }),
    });
    await qi.addIndex('artist_genres', ['genre_id'], { name: 'artist_genres_genre_idx' });

    await qi.createTable('albums', {
      id: id(),
      title: { type: STRING(300), allowNull: false },
      type: { type: STRING(16), allowNull: false },
      release_date: { type: DATEONLY, allowNull: true },
      cover_key: { type: STRING(128), allowNull: true },
      created_by_id: fk('users', 'SET NULL'),
      ...timestamps(),
    });
    await qi.addIndex('albums', ['title', 'id'], { name: 'albums_title_idx' });
    await qi.addIndex('albums', ['release_date', 'id'], { name: 'albums_release_idx' });
    await qi.addIndex('albums', ['created_at', 'id'], { name: 'albums_created_idx' });

    await qi.createTable('album_artists', {
      album_id: fk('albums', 'CASCADE', { primaryKey: true }),
      artist_id: fk('artists', 'RESTRICT', { primaryKey: true }),
      position: { type: INTEGER, allowNull: false },
    });
    await qi.addIndex('album_artists', ['artist_id'], { name: 'album_artists_artist_idx' });

    await qi.createTable('tracks', {
      id: id(),
      title: { type: STRING(300), allowNull: false },
      album_id: fk('albums', 'RESTRICT', { allowNull: true }),
      disc_number: { type: INTEGER, allowNull: true },
      track_number: { type: INTEGER, allowNull: true },
      duration_ms: { type: INTEGER, allowNull: false },
      release_date: { type: DATEONLY, allowNull: true },
      cover_key: { type: STRING(128), allowNull: true },
      audio_key: { type: STRING(128), allowNull: false },
      audio_mime: { type: STRING(64), allowNull: false },
      audio_codec: { type: STRING(32), allowNull: true },
      audio_bitrate: { type: INTEGER, allowNull: true },
      audio_sample_rate: { type: INTEGER, allowNull: true },
      audio_channels: { type: INTEGER, allowNull: true },
      audio_size_bytes: { type: BIGINT, allowNull: false },
      audio_sha256: { type: STRING(64), allowNull: false },
      rating_count: { type: INTEGER, allowNull: false, defaultValue: 0 },
      rating_sum: { type: INTEGER, allowNull: false, defaultValue: 0 },
      created_by_id: fk('users', 'SET NULL'),
      ...timestamps(),
    });
    await qi.addIndex('tracks', ['audio_sha256'], { unique: true, name: 'tracks_sha256_uq' });
    await qi.addIndex('tracks', ['album_id', 'disc_number', 'track_number'], { name: 'tracks_album_idx' });
    await qi.addIndex('tracks', ['title', 'id'], { name: 'tracks_title_idx' });
    await qi.addIndex('tracks', ['created_at', 'id'], { name: 'tracks_created_idx' });
    await qi.addIndex('tracks', ['release_date', 'id'], { name: 'tracks_release_idx' });

    await qi.createTable('track_artists', {
      track_id: fk('tracks', 'CASCADE', { primaryKey: true }),
      artist_id: fk('artists', 'RESTRICT', { primaryKey: true }),
      position: { type: INTEGER, allowNull: false },
      role: { type: STRING(16), allowNull: false },
    });
    await qi.addIndex('track_artists', ['artist_id'], { name: 'track_artists_artist_idx' });

    await qi.createTable('track_genres', {
      track_id: fk('tracks', 'CASCADE', { primaryKey: true }),
      genre_id: fk('genres', 'CASCADE', { primaryKey: true }),
    });
    await qi.addIndex('track_genres', ['genre_id'], { name: 'track_genres_genre_idx' });

    await qi.createTable('playlists', {
      id: id(),
      owner_id: fk('users', 'CASCADE'),
      name: { type: STRING(200), allowNull: false },
      description: { type: TEXT, allowNull: true },
      cover_key: { type: STRING(128), allowNull: true },
      visibility: { type: STRING(16), allowNull: false },
      kind: { type: STRING(16), allowNull: false },
      track_count: { type: INTEGER, allowNull: false, defaultValue: 0 },
      duration_ms: { type: BIGINT, allowNull: false, defaultValue: 0 },
      ...timestamps(),
    });
    await qi.addIndex('playlists', ['owner_id', 'created_at', 'id'], { name: 'playlists_owner_idx' });
    await qi.addIndex('playlists', ['visibility', 'name'], { name: 'playlists_visibility_idx' });

    await qi.createTable('playlist_tracks', {
      id: id(),
      playlist_id: fk('playlists', 'CASCADE'),
      track_id: fk('tracks', 'CASCADE'),
      position: { type: INTEGER, allowNull: false },
      added_at: { type: DATE, allowNull: false },
      added_by_id: fk('users', 'SET NULL'),
    });
    await qi.addIndex('playlist_tracks', ['playlist_id', 'position'], { name: 'playlist_tracks_position_idx' });
    await qi.addIndex('playlist_tracks', ['track_id'], { name: 'playlist_tracks_track_idx' });

    await qi.createTable('playlist_genres', {
      playlist_id: fk('playlists', 'CASCADE', { primaryKey: true }),
      genre_id: fk('genres', 'CASCADE', { primaryKey: true }),
    });
    await qi.addIndex('playlist_genres', ['genre_id'], { name: 'playlist_genres_genre_idx' });

    await qi.createTable('liked_tracks', {
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      track_id: fk('tracks', 'CASCADE', { primaryKey: true }),
      ...timestamps(false),
    });
    await qi.addIndex('liked_tracks', ['user_id', 'created_at'], { name: 'liked_tracks_user_idx' });
    await qi.addIndex('liked_tracks', ['track_id'], { name: 'liked_tracks_track_idx' });

    await qi.createTable('saved_albums', {
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      album_id: fk('albums', 'CASCADE', { primaryKey: true }),
      ...timestamps(false),
    });
    await qi.addIndex('saved_albums', ['user_id', 'created_at'], { name: 'saved_albums_user_idx' });
    await qi.addIndex('saved_albums', ['album_id'], { name: 'saved_albums_album_idx' });

    await qi.createTable('ratings', {
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      track_id: fk('tracks', 'CASCADE', { primaryKey: true }),
      score: { type: SMALLINT, allowNull: false },
      ...timestamps(),
    });
    await qi.addIndex('ratings', ['track_id'], { name: 'ratings_track_idx' });

    await qi.createTable('artist_follows', {
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      artist_id: fk('artists', 'CASCADE', { primaryKey: true }),
      ...timestamps(false),
    });
    await qi.addIndex('artist_follows', ['artist_id', 'created_at'], { name: 'artist_follows_artist_idx' });
    await qi.addIndex('artist_follows', ['user_id', 'created_at'], { name: 'artist_follows_user_idx' });

    await qi.createTable('plays', {
      id: id(),
      user_id: fk('users', 'CASCADE'),
      track_id: fk('tracks', 'CASCADE'),
      started_at: { type: DATE, allowNull: false },
      ms_played: { type: INTEGER, allowNull: false },
      completed: { type: BOOLEAN, allowNull: false },
      source: { type: STRING(32), allowNull: true },
      client_play_id: { type: STRING(64), allowNull: false },
      ...timestamps(false),
    });
    await qi.addIndex('plays', ['user_id', 'client_play_id'], { unique: true, name: 'plays_client_uq' });
    await qi.addIndex('plays', ['user_id', 'started_at'], { name: 'plays_user_started_idx' });
    await qi.addIndex('plays', ['track_id', 'started_at'], { name: 'plays_track_started_idx' });
    await qi.addIndex('plays', ['started_at'], { name: 'plays_started_idx' });

    await qi.createTable('recommendation_runs', {
      id: id(),
      algorithm: { type: STRING(32), allowNull: false },
      status: { type: STRING(16), allowNull: false },
      parameters: { type: JSONTYPE, allowNull: false },
      metrics: { type: JSONTYPE, allowNull: true },
      counts: { type: JSONTYPE, allowNull: true },
      timings: { type: JSONTYPE, allowNull: true },
      error: { type: TEXT, allowNull: true },
      started_at: { type: DATE, allowNull: false },
      finished_at: { type: DATE, allowNull: true },
      ...timestamps(),
    });
    await qi.addIndex('recommendation_runs', ['started_at'], { name: 'recommendation_runs_started_idx' });

    await qi.createTable('recommendations', {
      user_id: fk('users', 'CASCADE', { primaryKey: true }),
      rank: { type: INTEGER, primaryKey: true, allowNull: false },
      track_id: fk('tracks', 'CASCADE'),
      score: { type: FLOAT, allowNull: false },
      reason: { type: STRING(300), allowNull: false },
      run_id: fk('recommendation_runs', 'CASCADE'),
    });
    await qi.addIndex('recommendations', ['track_id'], { name: 'recommendations_track_idx' });
    await qi.addIndex('recommendations', ['run_id'], { name: 'recommendations_run_idx' });

    await qi.createTable('track_similarities', {
      track_id: fk('tracks', 'CASCADE', { primaryKey: true }),
      rank: { type: INTEGER, primaryKey: true, allowNull: false },
      similar_track_id: fk('tracks', 'CASCADE'),
      score: { type: FLOAT, allowNull: false },
      run_id: fk('recommendation_runs', 'CASCADE'),
    });
    await qi.addIndex('track_similarities', ['similar_track_id'], { name: 'track_similarities_similar_idx' });
    await qi.addIndex('track_similarities', ['run_id'], { name: 'track_similarities_run_idx' });

    await qi.createTable('announcements', {
      id: id(),
      seq: { type: INTEGER, allowNull: false },
      author_id: fk('users', 'SET NULL'),
      text: { type: TEXT, allowNull: false },
      ...timestamps(false),
    });
    await qi.addIndex('announcements', ['seq'], { unique: true, name: 'announcements_seq_uq' });

    await qi.createTable('admin_sessions', {
      sid: { type: STRING(64), primaryKey: true, allowNull: false },
      data: { type: TEXT, allowNull: false },
      expires_at: { type: DATE, allowNull: false },
    });
    await qi.addIndex('admin_sessions', ['expires_at'], { name: 'admin_sessions_expires_idx' });
  },
  async down({ context: qi }) {
    for (const table of [...TABLES].reverse()) await qi.dropTable(table);
  },
};
