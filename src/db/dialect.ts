/**
 * A substring pattern for LIKE. Wildcards typed by the user are dropped rather than
 * escaped, because SQLite and PostgreSQL disagree on the default escape character.
 */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '')}%`;
}
