import type { Model, ModelStatic } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';

/**
 * The panel reads through the registered Sequelize models, found by table name so that this
 * door never imports a model module; writes never use them (see ScopedResource).
 */
export function modelFor(sequelize: Sequelize, table: string): ModelStatic<Model> {
  const found = Object.values(sequelize.models).find((m) => m.getTableName() === table || (m.getTableName() as unknown as { tableName?: string }).tableName === table);
  if (!found) throw new Error(`No model registered for table ${table}`);
  return found as ModelStatic<Model>;
}
