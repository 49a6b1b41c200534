import { QueryTypes } from 'sequelize';
import type { Database } from '../../db/index.js';

/** Every column that names a stored file, by table. */
const KEY_COLUMNS: [table: string, columns: string[]][] = [
  ['tracks', ['audio_key', 'cover_key']],
  ['albums', ['cover_key']],
  ['artists', ['photo_key']],
  ['playlists', ['cover_key']],
  ['users', ['avatar_key']],
];

const PAGE = 1000;

/** The stored files the database points at, read a page at a time along each table's primary key. */
export class SequelizeStoredKeysRepository {
  constructor(private readonly db: Database) {}

  /** Pages of keys, table by table; a key shared by several rows comes once per row. */
  async *referencedKeys(): AsyncGenerator<string[]> {
    for (const [table, columns] of KEY_COLUMNS) {
      let after: string | null = null;
      for (;;) {
        const rows: Record<string, string | null>[] = await this.db.sequelize.query(
          `SELECT id, ${columns.join(', ')} FROM ${table}${after === null ? '' : ' WHERE id > :after'} ORDER BY id LIMIT ${PAGE}`,
          { replacements: { after }, type: QueryTypes.SELECT },
        );
        const keys = rows.flatMap((r) => columns.map((c) => r[c]).filter((k): k is string => !!k));
        if (keys.length) yield keys;
        if (rows.length < PAGE) break;
        after = String(rows[rows.length - 1]!.id);
      }
    }
  }
}
