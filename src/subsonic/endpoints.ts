import type { Endpoint } from './handler.js';
import * as system from './system.js';
import * as browsing from './browsing.js';
import * as lists from './lists.js';
import * as searching from './searching.js';
import * as covers from './covers.js';
import * as stream from './stream.js';
import * as playlists from './playlists.js';
import * as annotation from './annotation.js';
import * as queue from './queue.js';
import * as user from './user.js';
import * as info from './info.js';
import * as scan from './scan.js';

/**
 * Every endpoint of the /rest door by its Subsonic name. Each answers at /rest/NAME and
 * /rest/NAME.view, by GET and by form POST; a new endpoint is one line here.
 */
export const endpoints: Record<string, Endpoint> = {
  ping: system.ping,
  getLicense: system.getLicense,
  getOpenSubsonicExtensions: system.getOpenSubsonicExtensions,

  getMusicFolders: browsing.getMusicFolders,
  getIndexes: browsing.getIndexes,
  getMusicDirectory: browsing.getMusicDirectory,
  getGenres: browsing.getGenres,
  getArtists: browsing.getArtists,
  getArtist: browsing.getArtist,
  getAlbum: browsing.getAlbum,
  getSong: browsing.getSong,

  getAlbumList: lists.getAlbumList,
  getAlbumList2: lists.getAlbumList2,
  getRandomSongs: lists.getRandomSongs,
  getSongsByGenre: lists.getSongsByGenre,

  search2: searching.search2,
  search3: searching.search3,

  stream: stream.stream,
  download: stream.download,
  getCoverArt: covers.getCoverArt,
  getAvatar: covers.getAvatar,

  getPlaylists: playlists.getPlaylists,
  getPlaylist: playlists.getPlaylist,
  createPlaylist: playlists.createPlaylist,
  updatePlaylist: playlists.updatePlaylist,
  deletePlaylist: playlists.deletePlaylist,

  star: annotation.star,
  unstar: annotation.unstar,
  getStarred: annotation.getStarred,
  getStarred2: annotation.getStarred2,
  setRating: annotation.setRating,
  scrobble: annotation.scrobble,
  getNowPlaying: annotation.getNowPlaying,

  getPlayQueue: queue.getPlayQueue,
  savePlayQueue: queue.savePlayQueue,
  getUser: user.getUser,

  getTopSongs: info.getTopSongs,
  getSimilarSongs: info.getSimilarSongs,
  getSimilarSongs2: info.getSimilarSongs2,
  getArtistInfo: info.getArtistInfo,
  getArtistInfo2: info.getArtistInfo2,
  getAlbumInfo: info.getAlbumInfo,
  getAlbumInfo2: info.getAlbumInfo2,
  getLyricsBySongId: info.getLyricsBySongId,

  getScanStatus: scan.getScanStatus,
  startScan: scan.startScan,
};
