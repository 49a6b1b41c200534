import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

export type EmailTokenPurpose = 'verify_email' | 'reset_password';

@Table({ tableName: 'email_tokens', underscored: true, timestamps: true, updatedAt: false })
export class EmailTokenModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare userId: string;

  @Column({ type: DataType.STRING(32), allowNull: false })
  declare purpose: EmailTokenPurpose;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare tokenHash: string;

  @Column({ type: DataType.DATE, allowNull: false })
  declare expiresAt: Date;

  @Column({ type: DataType.DATE, allowNull: true })
  declare usedAt: Date | null;

  declare createdAt: Date;
}
