/** A write refused by a unique index, as Sequelize reports it (or the PostgreSQL driver, for raw statements). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { name?: string; parent?: { code?: string } } | null;
  return e?.name === 'SequelizeUniqueConstraintError' || e?.parent?.code === '23505';
}
