import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

/** A source file the importer has already handled (see migration 0400). */
@Table({ tableName: 'import_sources', underscored: true, timestamps: true, createdAt: false })
export class ImportSourceModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.STRING(64) })
  declare pathHash: string;

  @Column({ type: DataType.TEXT, allowNull: false })
  declare path: string;

  @Column({ type: DataType.BIGINT, allowNull: false })
  declare sizeBytes: number | string;

  @Column({ type: DataType.BIGINT, allowNull: false })
  declare mtimeMs: number | string;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare sha256: string;

  @Column({ type: DataType.UUID, allowNull: true })
  declare trackId: string | null;

  declare updatedAt: Date;
}
