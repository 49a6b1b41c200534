import { UserModel } from '../modules/users/user.model.js';
import { RefreshTokenModel } from '../modules/auth/refresh-token.model.js';
import { EmailTokenModel } from '../modules/auth/email-token.model.js';
import { ArtistModel } from '../modules/catalog/artist.model.js';
import { ArtistManagerModel } from '../modules/catalog/artist-manager.model.js';
import { ArtistGenreModel } from '../modules/catalog/artist-genre.model.js';
import { GenreModel } from '../modules/catalog/genre.model.js';
import { AlbumModel } from '../modules/catalog/album.model.js';
import { AlbumArtistModel } from '../modules/catalog/album-artist.model.js';
import { TrackModel } from '../modules/catalog/track.model.js';
import { TrackArtistModel } from '../modules/catalog/track-artist.model.js';
import { TrackGenreModel } from '../modules/catalog/track-genre.model.js';
import { PlaylistModel } from '../modules/playlists/playlist.model.js';
import { PlaylistTrackModel } from '../modules/playlists/playlist-track.model.js';
import { PlaylistGenreModel } from '../modules/playlists/playlist-genre.model.js';
import { LikedTrackModel } from '../modules/library/liked-track.model.js';
import { SavedAlbumModel } from '../modules/library/saved-album.model.js';
import { RatingModel } from '../modules/ratings/rating.model.js';
import { ArtistFollowModel } from '../modules/follows/artist-follow.model.js';
import { PlayModel } from '../modules/plays/play.model.js';
import { RecommendationRunModel } from '../modules/recommendations/recommendation-run.model.js';
import { RecommendationListModel } from '../modules/recommendations/recommendation.model.js';
import { TrackSimilarityListModel } from '../modules/recommendations/track-similarity.model.js';
import { AnnouncementModel } from '../modules/announcements/announcement.model.js';
import { ImportSourceModel } from '../modules/imports/import-source.model.js';
import { ImportOwnerClaimModel } from '../modules/imports/import-owner-claim.model.js';
import { ApiKeyModel } from '../modules/apikeys/api-key.model.js';
import { PlayQueueEntryModel, PlayQueueModel } from '../modules/playqueue/play-queue.model.js';
import { NowPlayingModel } from '../modules/plays/now-playing.model.js';
import { JobRunModel } from '../modules/jobs/job-run.model.js';

/** The model registry: every table the migrations create has its model here. */
export const models = [
  UserModel, RefreshTokenModel, EmailTokenModel, ArtistModel, ArtistManagerModel, ArtistGenreModel,
  GenreModel, AlbumModel, AlbumArtistModel, TrackModel, TrackArtistModel, TrackGenreModel,
  PlaylistModel, PlaylistTrackModel, PlaylistGenreModel, LikedTrackModel, SavedAlbumModel,
  RatingModel, ArtistFollowModel, PlayModel, RecommendationRunModel, RecommendationListModel,
  TrackSimilarityListModel, AnnouncementModel,
  ImportSourceModel, ImportOwnerClaimModel, ApiKeyModel, PlayQueueModel, PlayQueueEntryModel, NowPlayingModel,
  JobRunModel,
];
