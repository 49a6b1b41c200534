import fs from 'node:fs';
import path from 'node:path';
import type { Container } from '../../src/container.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { probeAudio } from '../../src/modules/media/index.js';
import { DEMO_ACCOUNTS } from '../../seeders/index.js';
import { cliDatabase, runCli, spawnCli, type CliDatabase } from '../support/cli.js';

const SLOW = 600_000;

async function counts(c: Container) {
  const q = async (table: string) => {
    const [rows] = await c.db.sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number((rows as { n: number | string }[])[0]!.n);
  };
  const tables = ['users', 'artists', 'albums', 'tracks', 'playlists', 'playlist_tracks', 'ratings', 'artist_follows', 'plays', 'liked_tracks', 'saved_albums', 'artist_managers'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await q(t)])));
}

describe('demo data', () => {
  let db: CliDatabase;
  let c: Container;

  beforeAll(async () => {
    db = await cliDatabase('seed');
    c = await db.open();
  });
  afterAll(() => db.drop());

  it('the first start of the embedded setup seeds and prints the accounts once; `rhythmo seed` then adds nothing', async () => {
    const server = spawnCli(['serve', '--port', '0'], { ...db.env, SEED_DEMO: 'true', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    let out = '';
    server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 240_000;
    while (!/Rhythmo listening/.test(out) && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('Demo data added: 10 tracks, 5 accounts');
    for (const a of DEMO_ACCOUNTS) expect(out).toContain(a.email);

    const seeded = await counts(c);
    expect(seeded).toMatchObject({ users: 5, tracks: 10, albums: 4, playlists: 4, ratings: 12, artist_follows: 5, liked_tracks: 8, saved_albums: 3, artist_managers: 1 });
    expect(seeded.plays).toBeGreaterThan(50);

    const again = await runCli(['seed'], db.env);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('Demo data is already present; nothing was added.');
    expect(await counts(c)).toEqual(seeded);
  }, SLOW);

  it('the demo tracks really play: stored, probed as audio of the right length', async () => {
    const tracks = (await c.services.catalog.listTracks(SYSTEM, { limit: 100 })).items;
    expect(tracks).toHaveLength(10);
    for (const t of tracks) {
      const stored = await c.services.media.trackAudio(SYSTEM, t.id);
      const file = path.join(c.config.mediaDir, stored.key);
      expect(fs.statSync(file).size).toBe(stored.sizeBytes);
      const probed = await probeAudio(file);
      expect(probed.audio).toMatchObject({ mimeType: 'audio/wav', durationMs: t.durationMs });
      expect(t.durationMs).toBeGreaterThanOrEqual(3000);
    }
    const magnetic = tracks.find((t) => t.title === 'Magnetic Field')!;
    expect(magnetic.artists.map((a) => [a.name, a.role])).toEqual([['Aurora Tones', 'main'], ['Lumen Drift', 'featured']]);
  }, SLOW);

  it('the documented development accounts log in', async () => {
    for (const a of DEMO_ACCOUNTS) {
      const session = await c.services.auth.login({ login: a.email, password: a.password });
      expect(session.accessToken).toEqual(expect.any(String));
    }
    const artist = DEMO_ACCOUNTS.find((a) => a.role === 'artist')!;
    const user = await c.services.users.findByLogin(SYSTEM, artist.email);
    const managed = await c.services.catalog.managedArtistIds({ kind: 'user', id: user.id, role: 'artist' });
    expect((await c.services.catalog.getArtistSummaries(SYSTEM, managed)).map((x) => x.name)).toEqual(['The Sine Waves']);
  }, SLOW);
});
