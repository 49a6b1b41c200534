import type { Request } from 'express';
import type { Actor } from '../shared/actor.js';
import { UnauthenticatedError } from '../shared/errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    sessionId?: string;
  }
}

export function actorOf(req: Request): Actor {
  if (!req.actor) throw new UnauthenticatedError('Authentication required');
  return req.actor;
}

export function metaOf(req: Request) {
  return { ip: req.ip, userAgent: req.get('user-agent') };
}
