import { BelongsTo, Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { ArtistModel } from './artist.model.js';

export type TrackArtistRole = 'main' | 'featured';

@Table({ tableName: 'track_artists', underscored: true, timestamps: false })
export class TrackArtistModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare trackId: string;

  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare artistId: string;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare position: number;

  @Column({ type: DataType.STRING(16), allowNull: false })
  declare role: TrackArtistRole;

  @BelongsTo(() => ArtistModel, { foreignKey: 'artistId', as: 'artist' })
  declare artist?: ArtistModel;
}
