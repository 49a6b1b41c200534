import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'refresh_tokens', underscored: true, timestamps: true, updatedAt: false })
export class RefreshTokenModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare userId: string;

  /** Every token descended from one login shares a family; reuse of a spent one revokes it all. */
  @Column({ type: DataType.UUID, allowNull: false })
  declare familyId: string;

  /** sha256 of the opaque token; the token itself is never stored. */
  @Column({ type: DataType.STRING(64), allowNull: false })
  declare tokenHash: string;

  @Column({ type: DataType.DATE, allowNull: false })
  declare expiresAt: Date;

  @Column({ type: DataType.DATE, allowNull: true })
  declare spentAt: Date | null;

  @Column({ type: DataType.DATE, allowNull: true })
  declare revokedAt: Date | null;

  @Column({ type: DataType.STRING(255), allowNull: true })
  declare userAgent: string | null;

  declare createdAt: Date;
}
