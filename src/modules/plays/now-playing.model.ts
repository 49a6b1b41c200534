import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

/** What a listener is playing now, as their player last said; one row per listener. */
@Table({ tableName: 'now_playing', underscored: true, timestamps: false })
export class NowPlayingModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare trackId: string;

  @Column({ type: DataType.STRING(100), allowNull: true })
  declare player: string | null;

  @Column({ type: DataType.DATE, allowNull: false })
  declare startedAt: Date;
}
