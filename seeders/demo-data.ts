import type { Role } from '../src/shared/actor.js';

/**
 * The demo catalog and accounts. Development credentials only: they are printed on the first
 * seed and documented in the README, so never seed a production database.
 */
export interface DemoAccount {
  key: string;
  email: string;
  username: string;
  displayName: string;
  password: string;
  role: Role;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { key: 'admin', email: 'admin@rhythmo.local', username: 'admin', displayName: 'Demo Admin', password: 'rhythmo-dev-root', role: 'admin' },
  { key: 'artist', email: 'artist@rhythmo.local', username: 'sinewaves', displayName: 'The Sine Waves', password: 'rhythmo-dev-stage', role: 'artist' },
  { key: 'mia', email: 'mia@rhythmo.local', username: 'mia', displayName: 'Mia', password: 'rhythmo-dev-music', role: 'listener' },
  { key: 'leo', email: 'leo@rhythmo.local', username: 'leo', displayName: 'Leo', password: 'rhythmo-dev-music', role: 'listener' },
  // Created last: its existence is the marker that the demo data is complete.
  { key: 'listener', email: 'listener@rhythmo.local', username: 'listener', displayName: 'Demo Listener', password: 'rhythmo-dev-music', role: 'listener' },
];

export const MARKER_ACCOUNT = 'listener@rhythmo.local';
/** The artist account manages these artist profiles. */
export const MANAGED_BY_DEMO_ARTIST = ['The Sine Waves'];

export interface DemoTrack {
  key: string;
  title: string;
  artists: { name: string; role: 'main' | 'featured' }[];
  album: { title: string; artistNames: string[]; type?: 'album' | 'single' | 'ep' | 'compilation'; releaseDate: string };
  trackNumber: number;
  genres: string[];
  /** MIDI notes of the melody, and its length in seconds. */
  notes: number[];
  seconds: number;
}

const main = (name: string) => ({ name, role: 'main' as const });
const feat = (name: string) => ({ name, role: 'featured' as const });

const FIRST_HARMONICS = { title: 'First Harmonics', artistNames: ['The Sine Waves'], releaseDate: '2022-05-20' };
const NORTHERN_HZ = { title: 'Northern Hz', artistNames: ['Aurora Tones'], releaseDate: '2023-01-13' };
const SAMPLER = { title: 'Rhythmo Sampler Vol. 1', artistNames: ['Various Artists'], type: 'compilation' as const, releaseDate: '2024-02-02' };

export const DEMO_TRACKS: DemoTrack[] = [
  { key: 'fundamental', title: 'Fundamental', artists: [main('The Sine Waves')], album: FIRST_HARMONICS, trackNumber: 1, genres: ['Electronic', 'Ambient'], notes: [60, 64, 67, 72, 67, 64], seconds: 3 },
  { key: 'octave', title: 'Octave Up', artists: [main('The Sine Waves')], album: FIRST_HARMONICS, trackNumber: 2, genres: ['Electronic'], notes: [57, 69, 57, 69, 60, 72], seconds: 3 },
  { key: 'fifth', title: 'Perfect Fifth', artists: [main('The Sine Waves')], album: FIRST_HARMONICS, trackNumber: 3, genres: ['Electronic'], notes: [62, 69, 64, 71, 65, 72], seconds: 3 },
  { key: 'lullaby', title: 'Overtone Lullaby', artists: [main('The Sine Waves')], album: FIRST_HARMONICS, trackNumber: 4, genres: ['Ambient'], notes: [67, 64, 60, 64, 67, 72, 67], seconds: 4 },
  { key: 'polar', title: 'Polar Night', artists: [main('Aurora Tones')], album: NORTHERN_HZ, trackNumber: 1, genres: ['Synthwave'], notes: [57, 60, 64, 69, 64, 60], seconds: 3 },
  { key: 'magnetic', title: 'Magnetic Field', artists: [main('Aurora Tones'), feat('Lumen Drift')], album: NORTHERN_HZ, trackNumber: 2, genres: ['Synthwave', 'Electronic'], notes: [55, 59, 62, 67, 71, 74], seconds: 3 },
  { key: 'flare', title: 'Solar Flare', artists: [main('Aurora Tones')], album: NORTHERN_HZ, trackNumber: 3, genres: ['Synthwave'], notes: [64, 67, 71, 76, 71, 67, 64], seconds: 3 },
  { key: 'afterglow', title: 'Afterglow', artists: [main('Lumen Drift')], album: { title: 'Afterglow', artistNames: ['Lumen Drift'], type: 'single', releaseDate: '2024-06-07' }, trackNumber: 1, genres: ['Ambient'], notes: [52, 59, 64, 67, 64, 59], seconds: 4 },
  { key: 'sunrise', title: '8-Bit Sunrise', artists: [main('Square Kid')], album: SAMPLER, trackNumber: 1, genres: ['Chiptune'], notes: [72, 76, 79, 84, 79, 76, 72, 67], seconds: 3 },
  { key: 'sampler-edit', title: 'Aurora (Sampler Edit)', artists: [main('Aurora Tones'), feat('Square Kid')], album: SAMPLER, trackNumber: 2, genres: ['Synthwave', 'Chiptune'], notes: [69, 72, 76, 81, 76, 72], seconds: 3 },
];

export interface DemoListenerData {
  follows: string[];
  likes: string[];
  savedAlbums: string[];
  ratings: Record<string, number>;
  playlists: { name: string; description: string; visibility: 'public' | 'private'; tracks: string[] }[];
  /** Track keys with how often each was played over the last weeks. */
  plays: Record<string, number>;
}

export const DEMO_LISTENERS: Record<string, DemoListenerData> = {
  mia: {
    follows: ['Lumen Drift', 'Aurora Tones'],
    likes: ['afterglow', 'polar', 'magnetic'],
    savedAlbums: ['Northern Hz'],
    ratings: { afterglow: 5, polar: 4, magnetic: 5, fundamental: 3 },
    playlists: [{ name: 'Chill Tones', description: 'Slow sines for slow mornings', visibility: 'public', tracks: ['afterglow', 'lullaby', 'polar'] }],
    plays: { afterglow: 9, polar: 6, magnetic: 5, lullaby: 3, fundamental: 1 },
  },
  leo: {
    follows: ['Square Kid'],
    likes: ['sunrise', 'sampler-edit'],
    savedAlbums: ['Rhythmo Sampler Vol. 1'],
    ratings: { sunrise: 5, 'sampler-edit': 4, flare: 2 },
    playlists: [{ name: 'Chiptune Corner', description: 'Square waves only', visibility: 'public', tracks: ['sunrise', 'sampler-edit'] }],
    plays: { sunrise: 12, 'sampler-edit': 7, flare: 2, octave: 1 },
  },
  listener: {
    follows: ['The Sine Waves', 'Aurora Tones'],
    likes: ['fundamental', 'fifth', 'flare'],
    savedAlbums: ['First Harmonics'],
    ratings: { fundamental: 5, octave: 4, fifth: 4, flare: 3, sunrise: 2 },
    playlists: [
      { name: 'Morning Focus', description: 'Pure tones to start the day', visibility: 'public', tracks: ['fundamental', 'octave', 'fifth', 'polar'] },
      { name: 'Late Night', description: 'Private picks', visibility: 'private', tracks: ['lullaby', 'afterglow', 'magnetic'] },
    ],
    plays: { fundamental: 8, octave: 5, fifth: 6, lullaby: 2, flare: 4, polar: 3, sunrise: 1 },
  },
};
