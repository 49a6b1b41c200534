import { Router } from 'express';
import type { Container } from '../container.js';
import { authRoutes } from '../modules/auth/index.js';
import { usersRoutes } from '../modules/users/index.js';

/** Every module's HTTP edge, mounted after the OpenAPI validator. */
export function apiRouters(container: Container): Router {
  const router = Router();
  router.use(authRoutes(container));
  router.use(usersRoutes(container));
  return router;
}
