import { hash } from 'node:crypto';
import { insertRows } from '../../db/insert-rows.js';
import { ImportSourceModel } from './import-source.model.js';
import { ImportOwnerClaimModel } from './import-owner-claim.model.js';
import type { ImportSourceRecord, ImportSourceRepository } from './import.types.js';
import type { Database } from '../../db/index.js';

const CHUNK = 500;

/** One-shot hashing: a re-run keys every file it walks, and a Hash object per path costs several times more. */
export const pathKey = (realPath: string): string => hash('sha256', realPath, 'hex');

const toRecord = (m: Pick<ImportSourceModel, 'path' | 'sizeBytes' | 'mtimeMs' | 'sha256' | 'trackId'>): ImportSourceRecord => ({
  path: m.path,
  // BIGINT comes back as a string on PostgreSQL.
  sizeBytes: Number(m.sizeBytes),
  mtimeMs: Number(m.mtimeMs),
  sha256: m.sha256,
  trackId: m.trackId,
});

export class SequelizeImportSourceRepository implements ImportSourceRepository {
  /** Its models are bound to the database when it opens; the argument keeps one way to build a repository. */
  constructor(_db: Database) {}

  async findByPaths(paths: string[]) {
    const found = new Map<string, ImportSourceRecord>();
    for (let i = 0; i < paths.length; i += CHUNK) {
      const keys = paths.slice(i, i + CHUNK).map(pathKey);
      // Plain rows: a re-run reads one per file, and model instances would cost more than the query.
      const rows = await ImportSourceModel.findAll({ attributes: ['path', 'sizeBytes', 'mtimeMs', 'sha256', 'trackId'], where: { pathHash: keys }, raw: true });
      for (const row of rows) found.set(row.path, toRecord(row));
    }
    return found;
  }

  async claimForOwner(sha256s: string[], userId: string) {
    // An older claim keeps its time: artists created since then are still this import's.
    if (sha256s.length) await ImportOwnerClaimModel.bulkCreate([...new Set(sha256s)].map((sha256) => ({ sha256, userId })), { ignoreDuplicates: true });
  }

  /** Reads the catalog's credit and manager tables: the importer's own question, in one query. */
  async ownerClaimsReady() {
    const [rows] = await this.sequelize().query(
      `SELECT DISTINCT c.user_id AS "userId", ta.artist_id AS "artistId"
       FROM import_owner_claims c
       JOIN tracks t ON t.audio_sha256 = c.sha256
       JOIN track_artists ta ON ta.track_id = t.id
       JOIN artists a ON a.id = ta.artist_id
       WHERE a.created_at >= c.created_at
         AND NOT EXISTS (SELECT 1 FROM artist_managers m WHERE m.artist_id = ta.artist_id)`,
    );
    return rows as { userId: string; artistId: string }[];
  }

  async dropSettledClaims() {
    await this.sequelize().query('DELETE FROM import_owner_claims WHERE sha256 IN (SELECT audio_sha256 FROM tracks)');
  }

  private sequelize() {
    return ImportOwnerClaimModel.sequelize!;
  }

  async upsert(rows: ImportSourceRecord[]) {
    // One row per path: a later note of the same path wins.
    const byKey = new Map(rows.map((row) => [pathKey(row.path), row]));
    if (byKey.size === 0) return;
    await insertRows(
      ImportSourceModel,
      [...byKey].map(([pathHash, row]) => ({
        pathHash,
        path: row.path,
        sizeBytes: row.sizeBytes,
        mtimeMs: Math.trunc(row.mtimeMs),
        sha256: row.sha256,
        trackId: row.trackId,
      })),
      { updateOnDuplicate: { key: ['pathHash'], update: ['path', 'sizeBytes', 'mtimeMs', 'sha256', 'trackId', 'updatedAt'] } },
    );
  }
}
