import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'artist_follows', underscored: true, timestamps: true, updatedAt: false })
export class ArtistFollowModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare artistId: string;

  declare createdAt: Date;
}
