import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';

@Table({ tableName: 'api_keys', underscored: true, timestamps: true, updatedAt: false })
export class ApiKeyModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false })
  declare userId: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  declare name: string;

  /** HMAC-SHA256 of the key with the server key: finds a key given on its own. */
  @Column({ type: DataType.STRING(64), allowNull: false })
  declare lookupHash: string;

  /** AES-256-GCM of the key (version.iv.tag.data); the token scheme needs the key itself back. */
  @Column({ type: DataType.STRING(255), allowNull: false })
  declare encryptedKey: string;

  @Column({ type: DataType.DATE, allowNull: true })
  declare lastUsedAt: Date | null;

  declare createdAt: Date;
}
