import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

/** Which artist accounts (users) manage which artist profiles. */
@Table({ tableName: 'artist_managers', underscored: true, timestamps: true, updatedAt: false })
export class ArtistManagerModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare artistId: string;

  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  declare createdAt: Date;
}
