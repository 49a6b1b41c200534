import fs from 'node:fs';
import path from 'node:path';
import type { TestContext, TestUser } from '../support/context.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';
import type { Operation } from './operations.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import type { Call, Cast, RoleName, World } from './world.js';

export interface CallInput {
  ctx: TestContext;
  cast: Cast;
  world: World;
  role: RoleName;
  /** The caller, absent for anonymous. */
  user?: TestUser;
}

type Extra = Omit<Partial<Call>, 'method' | 'path'> & { params?: Record<string, string> };
type Build = (input: CallInput) => Extra | Promise<Extra>;

let unique = 0;
const next = () => `${++unique}x${process.pid % 1000}`;

export const PNG = fs.readFileSync(path.join(AUDIO_FIXTURES, 'library/Кино Тишины/Северный ветер/cover.png'));
const image = { body: new Uint8Array(PNG), contentType: 'image/png' };

/** Distinct audio files, one per upload: the same content twice is a duplicate (409). */
const UPLOADS = [
  'library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3',
  'library/Nova Lights/Aurora (2021)/02 - Polar Drift.mp3',
  'library/Nova Lights/Aurora (2021)/03 - Solar Wind.mp3',
  'library/Untagged Artist/Loose Album/05 - Found Sound.mp3',
  'library/Various Artists/Night Drive/01.ogg',
  'library/Various Artists/Night Drive/04.wav',
];
let uploads = 0;
export const STREAMED_FILE = path.join(AUDIO_FIXTURES, 'long/long-60s.mp3');

function uploadForm(artistId: string): FormData {
  const file = UPLOADS[uploads++ % UPLOADS.length]!;
  const form = new FormData();
  form.append('artistIds', artistId);
  form.append('file', new Blob([fs.readFileSync(path.join(AUDIO_FIXTURES, file))]), path.basename(file));
  return form;
}

async function freshRefreshToken({ ctx, cast }: CallInput): Promise<Extra> {
  const session = await ctx.container.services.auth.login({ login: cast.loginUser.username, password: cast.loginUser.password });
  return { body: { refreshToken: session.refreshToken } };
}

/** What a minimal valid call needs beyond the path ids world.ts gives (see pathIds). */
export const REQUESTS: Record<string, Build> = {
  register: () => ({ body: { email: `new${next()}@example.com`, username: `new${next()}`, password: 'a long enough password 123' } }),
  verifyEmail: () => ({ body: { token: 'not-a-token' } }),
  resendEmailVerification: ({ cast }) => ({ body: { email: cast.loginUser.email } }),
  login: ({ cast }) => ({ body: { login: cast.loginUser.username, password: cast.loginUser.password } }),
  refresh: freshRefreshToken,
  logout: freshRefreshToken,
  forgotPassword: ({ cast }) => ({ body: { email: cast.loginUser.email } }),
  resetPassword: () => ({ body: { token: 'not-a-token', newPassword: 'a long enough password 123' } }),
  createApiKey: () => ({ body: { name: `Phone ${next()}` } }),
  deleteApiKey: async ({ ctx, cast }) => {
    const owner = cast.users.listenerA;
    // A key of listener A's per call: only A's own call deletes it, every other caller is told it does not exist.
    const key = await ctx.container.services.apiKeys.create(userActor(owner.id, owner.role), { name: 'Phone' });
    return { params: { apiKeyId: key.id } };
  },
  updateMe: () => ({ body: { displayName: 'Renamed' } }),
  changePassword: ({ user }) => {
    const current = user?.password ?? 'whatever';
    const changed = `${current}-changed`;
    // The access token stays valid; later calls that need the password read it from here.
    if (user) user.password = changed;
    return { body: { currentPassword: current, newPassword: changed } };
  },
  adminUpdateUser: async ({ ctx }) => ({ params: { userId: (await ctx.user('listener')).id }, body: { status: 'banned' } }),
  createAnnouncement: () => ({ body: { text: 'Maintenance tonight' } }),
  queueRecommendationRun: async ({ ctx }) => {
    // Nothing runs jobs here: the run queued by an earlier call would make this one a 409.
    await ctx.container.db.sequelize.query("UPDATE job_runs SET status = 'succeeded' WHERE status IN ('queued', 'running')");
    return { body: { model: 'knn' } };
  },
  getRecommendationRun: async ({ ctx }) => ({ params: { runId: (await ctx.container.services.jobs.queueRecommendationRun(SYSTEM)).run.id } }),
  streamAnnouncements: () => ({ headers: { accept: 'text/event-stream' } }),

  search: () => ({ query: { q: 'track' } }),
  createGenre: () => ({ body: { name: `Genre ${next()}` } }),
  updateGenre: () => ({ body: { name: `Genre ${next()}` } }),
  deleteGenre: () => ({ query: { cascade: 'true' } }),
  createArtist: () => ({ body: { name: `New artist ${next()}` } }),
  updateArtist: () => ({ body: { bio: 'Changed' } }),
  deleteArtist: () => ({ query: { cascade: 'true' } }),
  addArtistManager: ({ cast }) => ({ params: { userId: cast.users.artistOther.id } }),
  removeArtistManager: ({ cast }) => ({ params: { userId: cast.users.artistOwner.id } }),
  createAlbum: ({ world }) => ({ body: { title: 'New album', artistIds: [world.artistId] } }),
  updateAlbum: () => ({ body: { title: 'Renamed album' } }),
  deleteAlbum: () => ({ query: { cascade: 'true' } }),
  uploadTrack: ({ world }) => ({ body: uploadForm(world.artistId) }),
  updateTrack: () => ({ body: { title: 'Renamed track' } }),

  putArtistPhoto: () => image,
  putAlbumCover: () => image,
  putTrackCover: () => image,
  putPlaylistCover: () => image,

  createPlaylist: () => ({ body: { name: 'New playlist' } }),
  updatePlaylist: () => ({ body: { name: 'Renamed playlist' } }),
  addPlaylistTracks: ({ world }) => ({ body: { trackIds: [world.trackId] } }),
  movePlaylistEntry: ({ world }) => ({ body: { entryId: world.entryId, toPosition: 1 } }),
  rateTrack: () => ({ body: { score: 4 } }),
  recordPlays: ({ world }) => ({
    body: { plays: [{ clientPlayId: `p${next()}`, trackId: world.trackId, startedAt: new Date(Date.now() - 3_600_000).toISOString(), msPlayed: 1000 }] },
  }),
};

/** Path ids by parameter name; userId is listener A unless the operation says otherwise. */
export function pathIds(world: World, cast: Cast): Record<string, string> {
  return {
    genreId: world.genreId,
    artistId: world.artistId,
    albumId: world.albumId,
    trackId: world.trackId,
    playlistId: world.playlistId,
    entryId: world.entryId,
    userId: cast.users.listenerA.id,
    ...(world.imageName && { name: world.imageName }),
  };
}

/** A minimal valid call of the operation by the given caller on the given world. */
export async function buildCall(op: Operation, input: CallInput): Promise<Call> {
  const extra = (await REQUESTS[op.operationId]?.(input)) ?? {};
  const ids = { ...pathIds(input.world, input.cast), ...extra.params };
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (!(name in ids)) throw new Error(`${op.operationId}: no id for path parameter ${name}`);
    return ids[name]!;
  });
  return { method: op.method, path, query: extra.query, headers: extra.headers, body: extra.body, contentType: extra.contentType };
}

/** Calls that change nothing can share one world; the others get a fresh one each. */
export const isRead = (op: Operation) => op.method === 'GET' || op.method === 'HEAD';
