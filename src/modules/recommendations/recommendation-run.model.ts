import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

export type RunStatus = 'running' | 'succeeded' | 'failed';

@Table({ tableName: 'recommendation_runs', underscored: true, timestamps: true })
export class RecommendationRunModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.STRING(32), allowNull: false })
  declare algorithm: string;

  @Column({ type: DataType.STRING(16), allowNull: false })
  declare status: RunStatus;

  @Column({ type: DataType.JSON, allowNull: false })
  declare parameters: Record<string, unknown>;

  @Column({ type: DataType.JSON, allowNull: true })
  declare metrics: Record<string, unknown> | null;

  @Column({ type: DataType.JSON, allowNull: true })
  declare counts: Record<string, unknown> | null;

  @Column({ type: DataType.JSON, allowNull: true })
  declare timings: Record<string, unknown> | null;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare error: string | null;

  @Column({ type: DataType.DATE, allowNull: false })
  declare startedAt: Date;

  @Column({ type: DataType.DATE, allowNull: true })
  declare finishedAt: Date | null;

  declare createdAt: Date;
  declare updatedAt: Date;
}
