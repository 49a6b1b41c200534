import { ForbiddenError, UnauthenticatedError } from './errors.js';

export type Role = 'listener' | 'artist' | 'admin';
export const ROLES: readonly Role[] = ['listener', 'artist', 'admin'];

/** Who is acting. Every service call takes one; there is no ambient "current user". */
export type Actor = { kind: 'user'; id: string; role: Role } | { kind: 'system' };

export const SYSTEM: Actor = { kind: 'system' };

export function userActor(id: string, role: Role): Actor {
  return { kind: 'user', id, role };
}

export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'system' || actor.role === 'admin';
}

/** The user behind an actor; the system actor has none. */
export function requireUser(actor: Actor): { id: string; role: Role } {
  if (actor.kind !== 'user') throw new UnauthenticatedError('A user account is required');
  return actor;
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (actor.kind === 'system') return;
  if (!roles.includes(actor.role)) throw new ForbiddenError('Your role does not allow this action');
}

export function requireAdmin(actor: Actor): void {
  requireRole(actor, 'admin');
}
