import { Router } from 'express';
import type { Container } from '../container.js';
// The one place that imports the routes files themselves: a module's index.ts leaves its HTTP
// edge out, so code that only needs the module's services never loads Express.
import { authRoutes } from '../modules/auth/auth.routes.js';
import { usersRoutes } from '../modules/users/users.routes.js';
import { statsRoutes } from '../modules/stats/stats.routes.js';
import { announcementsRoutes } from '../modules/announcements/announcements.routes.js';
import { catalogRoutes } from '../modules/catalog/catalog.routes.js';
import { mediaRoutes } from '../modules/media/media.routes.js';
import { playlistsRoutes } from '../modules/playlists/playlists.routes.js';
import { libraryRoutes } from '../modules/library/library.routes.js';
import { ratingsRoutes } from '../modules/ratings/ratings.routes.js';
import { followsRoutes } from '../modules/follows/follows.routes.js';
import { playsRoutes } from '../modules/plays/plays.routes.js';
import { recommendationsRoutes } from '../modules/recommendations/recommendations.routes.js';
import { apiKeysRoutes } from '../modules/apikeys/api-keys.routes.js';
import { jobsRoutes } from '../modules/jobs/jobs.routes.js';

/** Every module's HTTP edge, mounted after the OpenAPI validator; each gets only the services it calls. */
export function apiRouters({ services: s, config }: Container): Router {
  const router = Router();
  router.use(authRoutes({ auth: s.auth }));
  router.use(usersRoutes({ users: s.users }));
  router.use(statsRoutes({ stats: s.stats }));
  router.use(announcementsRoutes({ announcements: s.announcements, auth: s.auth }));
  router.use(catalogRoutes({ catalog: s.catalog }));
  router.use(mediaRoutes({ media: s.media, limits: { maxUploadBytes: config.maxUploadBytes, maxImageBytes: config.maxImageBytes } }));
  router.use(playlistsRoutes({ playlists: s.playlists }));
  router.use(libraryRoutes({ library: s.library }));
  router.use(ratingsRoutes({ ratings: s.ratings }));
  router.use(followsRoutes({ follows: s.follows }));
  router.use(playsRoutes({ plays: s.plays }));
  router.use(recommendationsRoutes({ recommendations: s.recommendations }));
  router.use(apiKeysRoutes({ apiKeys: s.apiKeys }));
  router.use(jobsRoutes({ jobs: s.jobs }));
  return router;
}
