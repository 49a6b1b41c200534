import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'liked_tracks', underscored: true, timestamps: true, updatedAt: false })
export class LikedTrackModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare trackId: string;

  declare createdAt: Date;
}
