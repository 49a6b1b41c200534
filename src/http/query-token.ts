import type { Request } from 'express';
import type { Container } from '../container.js';
import { UnauthenticatedError } from '../shared/errors.js';

/**
 * The access token as `?access_token=`, for the few GET endpoints a browser opens without
 * being able to set headers (EventSource). The document enables it per operation; the token
 * is the same short-lived JWT, checked the same way as the bearer header.
 */
export async function authenticateQueryToken(container: Container, req: Request): Promise<void> {
  const token = req.query.access_token;
  if (typeof token !== 'string' || token.length === 0) throw new UnauthenticatedError('Missing access token');
  const claims = container.tokens.verify(token);
  req.actor = await container.services.auth.actorFor(claims.sub, claims.sid);
  req.sessionId = claims.sid;
}
