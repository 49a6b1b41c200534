import type { CurrentAdmin } from 'adminjs';
import { userActor, type Actor, type Role } from '../shared/actor.js';
import { UnauthenticatedError } from '../shared/errors.js';

/** What the panel keeps in its session about who signed in. */
export interface PanelUser extends CurrentAdmin {
  id: string;
  email: string;
  title: string;
  role: Extract<Role, 'admin' | 'artist'>;
}

export const PANEL_ROLES: readonly Role[] = ['admin', 'artist'];

/** The service-layer actor for the signed-in panel user; every panel write is made as this actor. */
export function panelActor(currentAdmin: CurrentAdmin | undefined): Actor {
  const user = currentAdmin as Partial<PanelUser> | undefined;
  if (!user?.id || !user.role || !PANEL_ROLES.includes(user.role)) throw new UnauthenticatedError('Sign in to the panel');
  return userActor(user.id, user.role);
}

export const isPanelAdmin = (currentAdmin: CurrentAdmin | undefined) => (currentAdmin as Partial<PanelUser> | undefined)?.role === 'admin';

declare module 'express-session' {
  interface SessionData {
    adminUser?: PanelUser;
  }
}
