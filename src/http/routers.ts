import { Router } from 'express';
import type { Container } from '../container.js';
import { authRoutes } from '../modules/auth/index.js';
import { usersRoutes } from '../modules/users/index.js';
import { statsRoutes } from '../modules/stats/index.js';
import { announcementsRoutes } from '../modules/announcements/index.js';
import { catalogRoutes } from '../modules/catalog/index.js';
import { mediaRoutes } from '../modules/media/index.js';
import { playlistsRoutes } from '../modules/playlists/index.js';
import { libraryRoutes } from '../modules/library/index.js';
import { ratingsRoutes } from '../modules/ratings/index.js';
import { followsRoutes } from '../modules/follows/index.js';
import { playsRoutes } from '../modules/plays/index.js';
import { recommendationsRoutes } from '../modules/recommendations/index.js';
import { apiKeysRoutes } from '../modules/apikeys/index.js';

/** Every module's HTTP edge, mounted after the OpenAPI validator. */
export function apiRouters(container: Container): Router {
  const router = Router();
  router.use(authRoutes(container));
  router.use(usersRoutes(container));
  router.use(statsRoutes(container));
  router.use(announcementsRoutes(container));
  router.use(catalogRoutes(container));
  router.use(mediaRoutes(container));
  router.use(playlistsRoutes(container));
  router.use(libraryRoutes(container));
  router.use(ratingsRoutes(container));
  router.use(followsRoutes(container));
  router.use(playsRoutes(container));
  router.use(recommendationsRoutes(container));
  router.use(apiKeysRoutes(container));
  return router;
}
