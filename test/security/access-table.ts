import type { RoleName } from './world.js';

/**
 * The expected status of every operation for each caller, declared once, keyed by operationId.
 * The objects are those of world.ts: an artist managed by artistOwner (with its album and
 * track) and a private playlist of listener A. An operation missing here fails the suite.
 */
export type Outcome = Record<RoleName, number>;

const everyone = (s: number): Outcome => ({ anonymous: s, listenerA: s, listenerB: s, artistOwner: s, artistOther: s, admin: s });
/** Any signed-in user. */
const members = (s: number): Outcome => ({ ...everyone(s), anonymous: 401 });
const adminOnly = (s: number): Outcome => ({ anonymous: 401, listenerA: 403, listenerB: 403, artistOwner: 403, artistOther: 403, admin: s });
/** Listeners may never write the catalog; an artist who does not manage the object is told it does not exist. */
const catalogWriter = (s: number): Outcome => ({ anonymous: 401, listenerA: 403, listenerB: 403, artistOwner: s, artistOther: 404, admin: s });
/** Listener A's private playlist: nobody else learns it exists; `admin` is what an admin gets. */
const playlistOwner = (s: number, admin: number): Outcome => ({ anonymous: 401, listenerA: s, listenerB: 404, artistOwner: 404, artistOther: 404, admin });
/** Statistics: their own artists' for artist accounts, everything for admins; to anyone else the object does not exist. */
const statsReader = (s: number): Outcome => ({ anonymous: 401, listenerA: 404, listenerB: 404, artistOwner: s, artistOther: 404, admin: s });

export const ACCESS: Record<string, Outcome> = {
  // health and the document
  healthz: everyone(200),
  readyz: everyone(200),
  metrics: everyone(200),
  getSchema: everyone(200),
  // The UI lives at the path with a trailing slash (its assets are linked relatively).
  swaggerUi: everyone(301),

  // accounts (no token needed; the body says who)
  register: everyone(201),
  verifyEmail: everyone(400),
  resendEmailVerification: everyone(204),
  login: everyone(200),
  refresh: everyone(200),
  logout: everyone(204),
  forgotPassword: everyone(204),
  resetPassword: everyone(400),

  // the signed-in user
  getMe: members(200),
  updateMe: members(200),
  changePassword: members(204),
  listApiKeys: members(200),
  createApiKey: members(201),
  // Listener A's key: to everyone else, admins too, it does not exist.
  deleteApiKey: { ...members(404), listenerA: 204 },

  // administration
  adminListUsers: adminOnly(200),
  adminUpdateUser: adminOnly(200),
  getPlatformStats: adminOnly(200),
  createAnnouncement: adminOnly(201),
  // A run is queued only while none waits: each call ends the one before it (requests.ts).
  queueRecommendationRun: adminOnly(202),
  listRecommendationRuns: adminOnly(200),
  getRecommendationRun: adminOnly(200),
  listAnnouncements: members(200),
  streamAnnouncements: members(200),

  // catalog reads
  listGenres: members(200),
  listArtists: members(200),
  getArtist: members(200),
  listArtistAlbums: members(200),
  listArtistTracks: members(200),
  listAlbums: members(200),
  getAlbum: members(200),
  listTracks: members(200),
  getTrack: members(200),
  search: members(200),
  getSimilarTracks: members(200),

  // catalog writes
  createGenre: adminOnly(201),
  updateGenre: adminOnly(200),
  deleteGenre: adminOnly(204),
  createArtist: { ...catalogWriter(201), artistOther: 201 },
  updateArtist: catalogWriter(200),
  deleteArtist: catalogWriter(204),
  addArtistManager: adminOnly(204),
  removeArtistManager: adminOnly(204),
  createAlbum: catalogWriter(201),
  updateAlbum: catalogWriter(200),
  deleteAlbum: catalogWriter(204),
  uploadTrack: catalogWriter(201),
  updateTrack: catalogWriter(200),
  deleteTrack: catalogWriter(204),

  // media
  streamTrack: members(200),
  headTrackStream: members(200),
  createStreamUrl: members(200),
  // Named by the content's hash, which only comes with an object the caller may see: no token needed.
  getImage: everyone(200),
  getArtistPhoto: members(200),
  getAlbumCover: members(200),
  getTrackCover: members(200),
  putArtistPhoto: catalogWriter(200),
  putAlbumCover: catalogWriter(200),
  putTrackCover: catalogWriter(200),
  getPlaylistCover: playlistOwner(200, 200),
  putPlaylistCover: playlistOwner(200, 404),

  // playlists
  listMyPlaylists: members(200),
  listUserPlaylists: members(200),
  createPlaylist: members(201),
  getPlaylist: playlistOwner(200, 200),
  updatePlaylist: playlistOwner(200, 404),
  deletePlaylist: playlistOwner(204, 204),
  listPlaylistEntries: playlistOwner(200, 200),
  addPlaylistTracks: playlistOwner(201, 404),
  movePlaylistEntry: playlistOwner(200, 404),
  removePlaylistEntry: playlistOwner(204, 404),

  // library, ratings, follows, plays
  listLikedTracks: members(200),
  likeTrack: members(204),
  unlikeTrack: members(204),
  listSavedAlbums: members(200),
  saveAlbum: members(204),
  unsaveAlbum: members(204),
  rateTrack: members(200),
  unrateTrack: members(204),
  followArtist: members(204),
  unfollowArtist: members(204),
  listFollowing: members(200),
  getFeed: members(200),
  recordPlays: members(202),
  listHistory: members(200),

  // recommendations and statistics
  getMyRecommendations: members(200),
  getMyMixes: members(200),
  getArtistStats: statsReader(200),
  getTrackStats: statsReader(200),
};
