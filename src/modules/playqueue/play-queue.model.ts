import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'play_queues', underscored: true, timestamps: true })
export class PlayQueueModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  @Column({ type: DataType.UUID, allowNull: true })
  declare currentTrackId: string | null;

  @Column({ type: DataType.BIGINT, allowNull: false, defaultValue: 0 })
  declare positionMs: number;

  @Column({ type: DataType.STRING(100), allowNull: true })
  declare changedBy: string | null;

  declare createdAt: Date;
  declare updatedAt: Date;
}

@Table({ tableName: 'play_queue_entries', underscored: true, timestamps: false })
export class PlayQueueEntryModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  @PrimaryKey
  @Column({ type: DataType.INTEGER })
  declare position: number;

  @Column({ type: DataType.UUID, allowNull: false })
  declare trackId: string;
}
