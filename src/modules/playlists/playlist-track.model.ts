import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'playlist_tracks', underscored: true, timestamps: false })
export class PlaylistTrackModel extends Model {
  /** The entry id: the same track may appear several times, so entries have their own identity. */
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare playlistId: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare trackId: string;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare position: number;

  @Column({ type: DataType.DATE, allowNull: false })
  declare addedAt: Date;

  @Column({ type: DataType.UUID, allowNull: true })
  declare addedById: string | null;
}
