import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'saved_albums', underscored: true, timestamps: true, updatedAt: false })
export class SavedAlbumModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare albumId: string;

  declare createdAt: Date;
}
