import { BelongsTo, BelongsToMany, Column, DataType, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { AlbumModel } from './album.model.js';
import { GenreModel } from './genre.model.js';
import { TrackArtistModel } from './track-artist.model.js';
import { TrackGenreModel } from './track-genre.model.js';

@Table({ tableName: 'tracks', underscored: true, timestamps: true })
export class TrackModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.STRING(1000), allowNull: false })
  declare title: string;

  @Column({ type: DataType.UUID, allowNull: true })
  declare albumId: string | null;

  @Column({ type: DataType.INTEGER, allowNull: true })
  declare discNumber: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true })
  declare trackNumber: number | null;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare durationMs: number;

  @Column({ type: DataType.DATEONLY, allowNull: true })
  declare releaseDate: string | null;

  @Column({ type: DataType.STRING(128), allowNull: true })
  declare coverKey: string | null;

  /** Storage key derived from the content hash; never anything a user typed. */
  @Column({ type: DataType.STRING(128), allowNull: false })
  declare audioKey: string;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare audioMime: string;

  @Column({ type: DataType.STRING(32), allowNull: true })
  declare audioCodec: string | null;

  @Column({ type: DataType.INTEGER, allowNull: true })
  declare audioBitrate: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true })
  declare audioSampleRate: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true })
  declare audioChannels: number | null;

  @Column({ type: DataType.BIGINT, allowNull: false })
  declare audioSizeBytes: number;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare audioSha256: string;

  /** Kept by the ratings service in the same transaction as the rating, so reads never aggregate. */
  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0 })
  declare ratingCount: number;

  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0 })
  declare ratingSum: number;

  @Column({ type: DataType.UUID, allowNull: true })
  declare createdById: string | null;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare lyrics: string | null;

  /** Timed lines, [{ startMs, text }], when the lyrics tag was LRC or SYLT. */
  @Column({ type: DataType.JSON, allowNull: true })
  declare syncedLyrics: { startMs: number; text: string }[] | null;

  @Column({ type: DataType.DOUBLE, allowNull: true })
  declare replayGainTrackGain: number | null;

  @Column({ type: DataType.DOUBLE, allowNull: true })
  declare replayGainTrackPeak: number | null;

  @Column({ type: DataType.DOUBLE, allowNull: true })
  declare replayGainAlbumGain: number | null;

  @Column({ type: DataType.DOUBLE, allowNull: true })
  declare replayGainAlbumPeak: number | null;

  @BelongsTo(() => AlbumModel, { foreignKey: 'albumId', as: 'album' })
  declare album?: AlbumModel | null;

  @HasMany(() => TrackArtistModel, { foreignKey: 'trackId', as: 'trackArtists' })
  declare trackArtists?: TrackArtistModel[];

  @BelongsToMany(() => GenreModel, () => TrackGenreModel)
  declare genres?: GenreModel[];

  declare createdAt: Date;
  declare updatedAt: Date;
}
