import { newId } from '../../src/shared/ids.js';
import type { Container } from '../../src/container.js';
import { makeArtist, makeGenre, makeTrack } from './fixtures.js';

/** Listening history written straight into the tables, for tests that are about what is done with it. */
export async function addPlays(c: Container, userId: string, trackIds: string[], opts: { times?: number; at?: Date; msPlayed?: number } = {}) {
  const at = opts.at ?? new Date('2025-01-01T00:00:00Z');
  let n = 0;
  for (const trackId of trackIds) {
    for (let k = 0; k < (opts.times ?? 1); k++) {
      n++;
      await c.db.sequelize.query(
        'INSERT INTO plays (id, user_id, track_id, started_at, ms_played, completed, source, client_play_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        { replacements: [newId(), userId, trackId, new Date(at.getTime() + n * 60_000), opts.msPlayed ?? 180_000, true, 'test', newId(), at] },
      );
    }
  }
}

export async function addRating(c: Container, userId: string, trackId: string, score: number) {
  const at = new Date();
  await c.db.sequelize.query('INSERT INTO ratings (user_id, track_id, score, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', { replacements: [userId, trackId, score, at, at] });
}

export async function addFollow(c: Container, userId: string, artistId: string) {
  await c.db.sequelize.query('INSERT INTO artist_follows (user_id, artist_id, created_at) VALUES (?, ?, ?)', { replacements: [userId, artistId, new Date()] });
}

/**
 * Two taste clusters with known answers: Jazz (J1-J6; J5 and J6 by the second jazz artist)
 * and Rock (R1-R6, two tracks per artist), plus a Pop hit everybody plays.
 */
export async function twoClusterCatalog() {
  const jazz = await makeGenre('Jazz');
  const rock = await makeGenre('Rock');
  const pop = await makeGenre('Pop');
  const jazzA = await makeArtist({ name: 'Quiet Trio' });
  const jazzB = await makeArtist({ name: 'Blue Quartet' });
  const rockA = await makeArtist({ name: 'Loud Band' });
  const rockB = await makeArtist({ name: 'Noise Crew' });
  const rockC = await makeArtist({ name: 'Feedback Club' });
  const popA = await makeArtist({ name: 'Chart Star' });
  const J: string[] = [];
  const R: string[] = [];
  for (let i = 1; i <= 6; i++) J.push((await makeTrack({ title: `J${i}`, artistIds: [i <= 4 ? jazzA.id : jazzB.id], genreIds: [jazz.id] })).id);
  for (let i = 1; i <= 6; i++) R.push((await makeTrack({ title: `R${i}`, artistIds: [[rockA, rockB, rockC][Math.floor((i - 1) / 2)]!.id], genreIds: [rock.id] })).id);
  const P = [(await makeTrack({ title: 'Hit', artistIds: [popA.id], genreIds: [pop.id] })).id];
  return { genres: { jazz, rock, pop }, artists: { jazzA, jazzB, rockA, rockB, rockC, popA }, J, R, P };
}
