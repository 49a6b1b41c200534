import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'announcements', underscored: true, timestamps: true, updatedAt: false })
export class AnnouncementModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  /** Monotonic, so SSE clients can resume with Last-Event-ID without clock ties. */
  @Column({ type: DataType.INTEGER, allowNull: false })
  declare seq: number;

  @Column({ type: DataType.UUID, allowNull: true })
  declare authorId: string | null;

  @Column({ type: DataType.TEXT, allowNull: false })
  declare text: string;

  declare createdAt: Date;
}
