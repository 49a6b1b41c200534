import { BelongsTo, Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { ArtistModel } from './artist.model.js';

@Table({ tableName: 'album_artists', underscored: true, timestamps: false })
export class AlbumArtistModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare albumId: string;

  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare artistId: string;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare position: number;

  @BelongsTo(() => ArtistModel, { foreignKey: 'artistId', as: 'artist' })
  declare artist?: ArtistModel;
}
