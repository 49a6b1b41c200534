/**
 * A substring pattern for LIKE. Wildcards typed by the user are dropped rather than
 * escaped, because SQLite and PostgreSQL disagree on the default escape character.
 */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '')}%`;
}

/** The text form Sequelize itself writes dates in on SQLite, so rows written with raw SQL read back alike. */
export const sqliteDate = (d: Date): string => `${d.toISOString().replace('T', ' ').replace('Z', '')} +00:00`;
