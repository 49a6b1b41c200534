import type { Model, ModelAttributeColumnOptions, ModelStatic, Transaction } from 'sequelize';

/**
 * A multi-row INSERT straight from plain rows, for the set-based writes of a batch (imports):
 * bulkCreate builds, validates and hooks a model instance per row first, which costs more CPU
 * than the insert itself. What it does besides is kept: attribute names become column names,
 * constant defaults are filled in, and createdAt/updatedAt are stamped. The rows must be ones
 * the service has checked already; nothing here validates them.
 */
export async function insertRows(
  model: ModelStatic<Model>,
  rows: Record<string, unknown>[],
  opts: {
    transaction?: Transaction;
    /** Rows whose key is taken are skipped (ON CONFLICT DO NOTHING, INSERT OR IGNORE). */
    ignoreDuplicates?: boolean;
    /** Rows whose `key` attributes are taken update these attributes instead. */
    updateOnDuplicate?: { key: string[]; update: string[] };
  } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const attributes: Record<string, ModelAttributeColumnOptions> = model.getAttributes();
  const names = Object.keys(attributes);
  const now = new Date();
  const stamped = model.options.timestamps ? (['createdAt', 'updatedAt'] as const).filter((a) => a in attributes) : [];
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const name of names) {
      const attribute = attributes[name]!;
      let value = row[name];
      if (value === undefined && isConstant(attribute.defaultValue)) value = attribute.defaultValue;
      if (value === undefined && (stamped as readonly string[]).includes(name)) value = now;
      if (value !== undefined) record[attribute.field ?? name] = value;
    }
    return record;
  });
  const byField = Object.fromEntries(names.map((name) => [attributes[name]!.field ?? name, attributes[name]!]));
  const field = (name: string) => attributes[name]?.field ?? name;
  const options = {
    transaction: opts.transaction,
    ignoreDuplicates: opts.ignoreDuplicates,
    ...(opts.updateOnDuplicate ? { updateOnDuplicate: opts.updateOnDuplicate.update.map(field), upsertKeys: opts.updateOnDuplicate.key.map(field) } : {}),
  };
  // The options the query generator reads are wider than QueryOptions' type says.
  await model.sequelize!.getQueryInterface().bulkInsert(model.getTableName(), records, options as object, byField);
}

/** A default the database would not compute (Sequelize's NOW or UUIDV4 are objects, functions are called per row). */
const isConstant = (v: unknown) => v !== undefined && (v === null || typeof v !== 'object' || v instanceof Date) && typeof v !== 'function';
