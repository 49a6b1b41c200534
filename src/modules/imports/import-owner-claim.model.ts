import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

/** An --owner import's note that the track of this audio should hand its new artists to the user (migration 0401). */
@Table({ tableName: 'import_owner_claims', underscored: true, timestamps: true, updatedAt: false })
export class ImportOwnerClaimModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.STRING(64) })
  declare sha256: string;

  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare userId: string;

  declare createdAt: Date;
}
