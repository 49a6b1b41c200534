import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Container } from '../src/container.js';
import { SYSTEM, userActor, type Actor } from '../src/shared/actor.js';
import { NotFoundError } from '../src/shared/errors.js';
import { DEMO_ACCOUNTS, DEMO_LISTENERS, DEMO_TRACKS, MANAGED_BY_DEMO_ARTIST, MARKER_ACCOUNT, type DemoAccount, type DemoListenerData } from './demo-data.js';
import { writeToneWav } from './tone-wav.js';

export { DEMO_ACCOUNTS } from './demo-data.js';

export interface SeedResult {
  /** false: the demo data was there already and nothing was added. */
  seeded: boolean;
  accounts: Pick<DemoAccount, 'email' | 'username' | 'password' | 'role'>[];
  counts: { tracks: number; accounts: number; playlists: number; ratings: number; follows: number; plays: number };
}

const DAY = 24 * 3600 * 1000;

/**
 * Demo data through the services, as the system and then as each demo account. The marker
 * account is created last, so its presence means a complete earlier seed and nothing is
 * added; every step before it is idempotent (tracks by content hash, accounts by email), so
 * a seed interrupted half-way completes on the next run.
 */
export async function seedDemo(c: Container): Promise<SeedResult> {
  const counts = { tracks: 0, accounts: 0, playlists: 0, ratings: 0, follows: 0, plays: 0 };
  const accounts = DEMO_ACCOUNTS.map(({ email, username, password, role }) => ({ email, username, password, role }));
  if (await findAccount(c, MARKER_ACCOUNT)) return { seeded: false, accounts, counts };

  const tracks = await seedTracks(c, counts);
  const users = new Map<string, Actor>();
  for (const account of DEMO_ACCOUNTS) {
    const existing = await findAccount(c, account.email);
    // The configured admin (ADMIN_EMAIL) may hold a demo username already: the demo account then takes another.
    const user =
      existing ??
      (await c.services.users.create(SYSTEM, { ...account, username: await c.services.users.availableUsername(SYSTEM, account.username), emailVerified: true }));
    if (!existing) counts.accounts += 1;
    accounts.find((a) => a.email === account.email)!.username = user.username;
    const actor = userActor(user.id, user.role);
    users.set(account.key, actor);
    if (account.role === 'artist') {
      for (const name of MANAGED_BY_DEMO_ARTIST) {
        const artistId = tracks.artistIds.get(name);
        if (artistId) await c.services.catalog.addManager(SYSTEM, artistId, user.id);
      }
    }
    const listener = DEMO_LISTENERS[account.key];
    // Only for an account made now: an existing one already got its data before an interruption.
    if (listener && !existing) await seedListener(c, actor, listener, tracks, counts);
  }
  return { seeded: true, accounts, counts };
}

async function findAccount(c: Container, login: string) {
  return c.services.users.findByLogin(SYSTEM, login).catch((err: unknown) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });
}

interface SeededCatalog {
  trackIds: Map<string, string>;
  artistIds: Map<string, string>;
  albumIds: Map<string, string>;
}

/** Generates each track's audio (a short tone melody, WAV) and ingests it like an upload. */
async function seedTracks(c: Container, counts: SeedResult['counts']): Promise<SeededCatalog> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rhythmo-seed-'));
  const catalog: SeededCatalog = { trackIds: new Map(), artistIds: new Map(), albumIds: new Map() };
  try {
    for (const t of DEMO_TRACKS) {
      const file = path.join(dir, `${t.key}.wav`);
      await writeToneWav(file, t.notes, t.seconds);
      const result = await c.services.media.ingestFile(SYSTEM, file, {
        title: t.title,
        artistNames: t.artists,
        album: t.album,
        genres: t.genres,
        trackNumber: t.trackNumber,
        discNumber: 1,
        releaseDate: t.album.releaseDate,
      });
      const trackId = result.status === 'imported' ? result.track.id : result.existingTrackId;
      if (result.status === 'imported') counts.tracks += 1;
      catalog.trackIds.set(t.key, trackId);
    }
    for (const track of await c.services.catalog.getTracks(SYSTEM, [...catalog.trackIds.values()])) {
      for (const a of track.artists) catalog.artistIds.set(a.name, a.id);
      if (track.album) catalog.albumIds.set(track.album.title, track.album.id);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return catalog;
}

async function seedListener(c: Container, actor: Actor, data: DemoListenerData, catalog: SeededCatalog, counts: SeedResult['counts']) {
  const track = (key: string) => catalog.trackIds.get(key)!;
  for (const name of data.follows) {
    await c.services.follows.follow(actor, catalog.artistIds.get(name)!);
    counts.follows += 1;
  }
  for (const key of data.likes) await c.services.library.likeTrack(actor, track(key));
  for (const title of data.savedAlbums) await c.services.library.saveAlbum(actor, catalog.albumIds.get(title)!);
  for (const [key, score] of Object.entries(data.ratings)) {
    await c.services.ratings.rate(actor, track(key), score);
    counts.ratings += 1;
  }
  for (const p of data.playlists) {
    const playlist = await c.services.playlists.create(actor, { name: p.name, description: p.description, visibility: p.visibility });
    await c.services.playlists.addTracks(actor, playlist.id, { trackIds: p.tracks.map(track) });
    counts.playlists += 1;
  }
  // Plays spread over the last four weeks, most of them listened through; ids make a re-run a no-op.
  const now = c.clock.now().getTime();
  const durations = new Map(DEMO_TRACKS.map((t) => [t.key, t.seconds * 1000]));
  const plays = Object.entries(data.plays).flatMap(([key, times]) =>
    Array.from({ length: times }, (_, i) => ({
      clientPlayId: `demo-${key}-${i}`,
      trackId: track(key),
      startedAt: new Date(now - ((i * 7 + key.length * 3) % 28) * DAY - (i + 1) * 3_600_000).toISOString(),
      msPlayed: i % 4 === 3 ? Math.floor(durations.get(key)! / 3) : durations.get(key)!,
      source: 'demo',
    })),
  );
  const { accepted } = await c.services.plays.record(actor, plays);
  counts.plays += accepted;
}
