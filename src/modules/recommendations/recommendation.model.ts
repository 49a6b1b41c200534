import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

/** A user's stored top N as one row: parallel JSON arrays, best first (see migration 0602). */
@Table({ tableName: 'recommendation_lists', underscored: true, timestamps: false })
export class RecommendationListModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare runId: string;

  /** JSON array of track ids */
  @Column({ type: DataType.TEXT, allowNull: false })
  declare trackIds: string;

  /** JSON array of numbers, one per track */
  @Column({ type: DataType.TEXT, allowNull: false })
  declare scores: string;

  /** JSON array of [reason kind, index into reasonRefs or -1], one per track */
  @Column({ type: DataType.TEXT, allowNull: false })
  declare reasons: string;

  /** JSON array of the distinct track, artist and genre ids the reasons name */
  @Column({ type: DataType.TEXT, allowNull: false })
  declare reasonRefs: string;
}
