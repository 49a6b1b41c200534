import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'recommendations', underscored: true, timestamps: false })
export class RecommendationModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  @PrimaryKey
  @Column({ type: DataType.INTEGER })
  declare rank: number;

  @Column({ type: DataType.UUID, allowNull: false })
  declare trackId: string;

  @Column({ type: DataType.FLOAT, allowNull: false })
  declare score: number;

  @Column({ type: DataType.STRING(300), allowNull: false })
  declare reason: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare runId: string;
}
