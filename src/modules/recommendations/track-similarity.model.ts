import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

/** A track's most similar tracks as one row: parallel JSON arrays, most similar first. */
@Table({ tableName: 'track_similarity_lists', underscored: true, timestamps: false })
export class TrackSimilarityListModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare trackId: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare runId: string;

  /** JSON array of track ids */
  @Column({ type: DataType.TEXT, allowNull: false })
  declare trackIds: string;

  /** JSON array of cosine similarities, one per track */
  @Column({ type: DataType.TEXT, allowNull: false })
  declare scores: string;
}
