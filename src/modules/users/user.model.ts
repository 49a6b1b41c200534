import { Column, DataType, Model, PrimaryKey, Table } from 'sequelize-typescript';
import type { Role } from '../../shared/actor.js';

export type UserStatus = 'active' | 'banned';

@Table({ tableName: 'users', underscored: true, timestamps: true })
export class UserModel extends Model {
  @PrimaryKey
  @Column({ type: DataType.UUID })
  declare id: string;

  /** Stored lower-cased, which makes the unique index case-insensitive on every dialect. */
  @Column({ type: DataType.STRING(254), allowNull: false })
  declare email: string;

  @Column({ type: DataType.STRING(32), allowNull: false })
  declare username: string;

  /** Lower-cased username: the unique key, so "Alice" and "alice" cannot both exist. */
  @Column({ type: DataType.STRING(32), allowNull: false })
  declare usernameKey: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  declare displayName: string;

  @Column({ type: DataType.STRING(255), allowNull: false })
  declare passwordHash: string;

  @Column({ type: DataType.STRING(16), allowNull: false })
  declare role: Role;

  @Column({ type: DataType.STRING(16), allowNull: false })
  declare status: UserStatus;

  @Column({ type: DataType.STRING(128), allowNull: true })
  declare avatarKey: string | null;

  /** Lower-cased; becomes the email once its link is opened. */
  @Column({ type: DataType.STRING(254), allowNull: true })
  declare pendingEmail: string | null;

  @Column({ type: DataType.DATE, allowNull: true })
  declare emailVerifiedAt: Date | null;

  declare createdAt: Date;
  declare updatedAt: Date;
}
