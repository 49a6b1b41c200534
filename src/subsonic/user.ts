import { isAdmin } from '../shared/actor.js';
import type { UserRecord } from '../modules/users/index.js';
import { Code, SubsonicError } from './errors.js';
import type { Handler } from './handler.js';
import { MUSIC_FOLDER } from './browsing.js';

/** Rhythmo's roles in Subsonic's flags: everyone streams and downloads, artists upload, admins administer. */
function user(u: UserRecord) {
  const admin = u.role === 'admin';
  return {
    username: u.username,
    email: u.email,
    scrobblingEnabled: true,
    adminRole: admin,
    settingsRole: true,
    downloadRole: true,
    uploadRole: u.role === 'artist' || admin,
    playlistRole: true,
    coverArtRole: admin,
    commentRole: false,
    podcastRole: false,
    streamRole: true,
    jukeboxRole: false,
    shareRole: false,
    videoConversionRole: false,
    folder: [MUSIC_FOLDER.id],
  };
}

/** The caller, or (admins only) any user by username. */
export const getUser: Handler = async ({ container, actor, username, params }) => {
  const wanted = params.required('username');
  const { users } = container.services;
  if (wanted.toLowerCase() === username.toLowerCase()) return { user: user(await users.getMe(actor)) };
  if (!isAdmin(actor)) throw new SubsonicError(Code.NotAuthorized, 'Only admins may look at other users');
  return { user: user(await users.findByLogin(actor, wanted)) };
};
