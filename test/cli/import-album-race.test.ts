import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Container } from '../../src/container.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { cliDatabase, copyFixtures, runCli, type CliDatabase } from '../support/cli.js';
import type { ImportReport } from '../../src/modules/imports/index.js';

const SLOW = 240_000;

/**
 * Two processes creating the same new album at the same moment used to make two albums: each
 * looked the album up, found nothing, and inserted one. Here this process holds a transaction
 * that has just created "Aurora" by Nova Lights while `rhythmo import` (another process) imports
 * a file of that album; the importer must end up adding its track to our album, not a second one.
 */
describe('rhythmo import racing another process for a new album', () => {
  let db: CliDatabase;
  let audio: { dir: string; remove(): void };
  let c: Container;

  beforeAll(async () => {
    db = await cliDatabase('race');
    audio = copyFixtures();
    c = await db.open();
  });
  afterAll(async () => {
    await db.drop();
    audio.remove();
  });

  async function lockWaiters(): Promise<number> {
    const [rows] = await c.db.sequelize.query(
      "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    return Number((rows as { n: string }[])[0]!.n);
  }

  it('ends with one album holding both tracks', async () => {
    // The artist exists already, so the album is what the two transactions race for.
    await c.services.catalog.createArtist(SYSTEM, { name: 'Nova Lights' });
    const sha256 = createHash('sha256').update('race').digest('hex');
    let importer: Promise<Awaited<ReturnType<typeof runCli>>> | undefined;
    await c.db.transaction(async (t) => {
      const [mine] = await c.services.catalog.createTracks(
        SYSTEM,
        [{
          title: 'Held Open',
          artistNames: [{ name: 'Nova Lights', role: 'main' }],
          album: { title: 'Aurora', artistNames: ['Nova Lights'] },
          audio: { key: `audio/${sha256.slice(0, 2)}/${sha256}.mp3`, mimeType: 'audio/mpeg', codec: null, bitrate: null, sampleRate: null, channels: null, sizeBytes: 1, sha256, durationMs: 1000 },
        }],
        { transaction: t },
      );
      expect(mine).toMatchObject({ status: 'created' });
      importer = runCli(['import', path.join(audio.dir, 'library/Nova Lights/Aurora (2021)/02 - Polar Drift.mp3'), '--json'], db.env);
      // Commit only once the importer is blocked behind this transaction (PostgreSQL: on the
      // album's match key; SQLite: on the database's write lock, which serialises them anyway).
      const deadline = Date.now() + (db.dialect === 'postgres' ? 60_000 : 4_000);
      while (Date.now() < deadline && (db.dialect !== 'postgres' || (await lockWaiters()) === 0)) await new Promise((r) => setTimeout(r, 100));
    });
    const run = await importer!;
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ImportReport).summary).toMatchObject({ imported: 1, failed: 0 });
    const albums = (await c.services.catalog.listAlbums(SYSTEM, {})).items;
    expect(albums.map((a) => a.title)).toEqual(['Aurora']);
    const album = await c.services.catalog.getAlbum(SYSTEM, albums[0]!.id);
    expect(album.tracks.map((t) => t.title).sort()).toEqual(['Held Open', 'Polar Drift']);
  }, SLOW);
});
