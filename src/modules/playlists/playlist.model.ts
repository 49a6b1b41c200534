import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

export type PlaylistVisibility = 'private' | 'public';
export type PlaylistKind = 'user' | 'generated';

@Table({ tableName: 'playlists', underscored: true, timestamps: true })
export class PlaylistModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare ownerId: string;

  @Column({ type: DataType.STRING(200), allowNull: false })
  declare name: string;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare description: string | null;

  @Column({ type: DataType.STRING(128), allowNull: true })
  declare coverKey: string | null;

  @Column({ type: DataType.STRING(16), allowNull: false })
  declare visibility: PlaylistVisibility;

  @Column({ type: DataType.STRING(16), allowNull: false })
  declare kind: PlaylistKind;

  /** Counters maintained by the playlist service in the transaction that changes the entries. */
  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0 })
  declare trackCount: number;

  @Column({ type: DataType.BIGINT, allowNull: false, defaultValue: 0 })
  declare durationMs: number;

  /**
   * Generated playlists only: their tracks in order, a JSON array of ids, written whole by the
   * recommendation run (millions of playlist_tracks rows made runs too slow). Null otherwise.
   */
  @Column({ type: DataType.TEXT, allowNull: true })
  declare generatedTrackIds: string | null;

  declare createdAt: Date;
  declare updatedAt: Date;
}
