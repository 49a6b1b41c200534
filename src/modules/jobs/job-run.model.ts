import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';
import type { JobStatus } from './jobs.types.js';

@Table({ tableName: 'job_runs', underscored: true, timestamps: true })
export class JobRunModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare kind: string;

  @Column({ type: DataType.STRING(16), allowNull: false })
  declare status: JobStatus;

  @Column({ type: DataType.STRING(64), allowNull: true })
  declare singletonKey: string | null;

  @Column({ type: DataType.JSON, allowNull: false })
  declare data: Record<string, unknown>;

  @Column({ type: DataType.JSON, allowNull: true })
  declare progress: Record<string, unknown> | null;

  @Column({ type: DataType.JSON, allowNull: true })
  declare result: Record<string, unknown> | null;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare error: string | null;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare attempts: number;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare maxAttempts: number;

  @Column({ type: DataType.UUID, allowNull: true })
  declare requestedBy: string | null;

  @Column({ type: DataType.DATE, allowNull: false })
  declare runAfter: Date;

  @Column({ type: DataType.DATE, allowNull: true })
  declare heartbeatAt: Date | null;

  @Column({ type: DataType.DATE, allowNull: true })
  declare startedAt: Date | null;

  @Column({ type: DataType.DATE, allowNull: true })
  declare finishedAt: Date | null;

  declare createdAt: Date;
  declare updatedAt: Date;
}
