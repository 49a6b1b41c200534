import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'plays', underscored: true, timestamps: true, updatedAt: false })
export class PlayModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare userId: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare trackId: string;

  @Column({ type: DataType.DATE, allowNull: false })
  declare startedAt: Date;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare msPlayed: number;

  @Column({ type: DataType.BOOLEAN, allowNull: false })
  declare completed: boolean;

  /** Passed the scrobble rule (see isCounted): the only plays statistics and recommendations read. */
  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  declare counted: boolean;

  @Column({ type: DataType.STRING(32), allowNull: true })
  declare source: string | null;

  /** Chosen by the client; unique per user, which makes resending a batch harmless. */
  @Column({ type: DataType.STRING(64), allowNull: false })
  declare clientPlayId: string;

  declare createdAt: Date;
}
