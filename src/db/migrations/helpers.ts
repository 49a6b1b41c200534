import { DataTypes, type QueryInterface } from 'sequelize';

export type MigrationFn = (ctx: { context: QueryInterface }) => Promise<void>;
export interface Migration {
  name: string;
  up: MigrationFn;
  down: MigrationFn;
}

export const id = () => ({ type: DataTypes.UUID, primaryKey: true, allowNull: false });

export const fk = (table: string, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT', opts: { allowNull?: boolean; primaryKey?: boolean } = {}) => ({
  type: DataTypes.UUID,
  allowNull: opts.allowNull ?? onDelete === 'SET NULL',
  primaryKey: opts.primaryKey ?? false,
  references: { model: table, key: 'id' },
  onDelete,
  onUpdate: 'CASCADE',
});

export const timestamps = (updated = true) => ({
  created_at: { type: DataTypes.DATE, allowNull: false },
  ...(updated ? { updated_at: { type: DataTypes.DATE, allowNull: false } } : {}),
});
