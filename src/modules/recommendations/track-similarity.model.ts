import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'track_similarities', underscored: true, timestamps: false })
export class TrackSimilarityModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare trackId: string;

  @PrimaryKey
  @Column({ type: DataType.INTEGER })
  declare rank: number;

  @Column({ type: DataType.UUID, allowNull: false })
  declare similarTrackId: string;

  @Column({ type: DataType.FLOAT, allowNull: false })
  declare score: number;

  @Column({ type: DataType.UUID, allowNull: false })
  declare runId: string;
}
