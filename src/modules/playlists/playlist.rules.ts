import type { Actor } from '../../shared/actor.js';
import { isAdmin } from '../../shared/actor.js';
import { InvalidError, type FieldError } from '../../shared/errors.js';
import type { PlaylistVisibility } from './playlist.types.js';

export const MAX_ENTRIES = 10_000;
export const MAX_ADD_AT_ONCE = 1_000;
export const VISIBILITIES: readonly PlaylistVisibility[] = ['private', 'public'];

type Owned = { ownerId: string; visibility?: PlaylistVisibility };

const isOwner = (actor: Actor, p: Owned) => actor.kind === 'user' && actor.id === p.ownerId;

/** Private playlists exist only for their owner and admins; public ones for every signed-in user. */
export const canRead = (actor: Actor, p: Owned & { visibility: PlaylistVisibility }) => isAdmin(actor) || isOwner(actor, p) || p.visibility === 'public';

/** Only the owner edits (the system actor, for the CLI, too): an admin sees a private playlist but does not write into it. */
export const canWrite = (actor: Actor, p: Owned) => actor.kind === 'system' || isOwner(actor, p);

/** Deleting is also moderation, so admins may. */
export const canDelete = (actor: Actor, p: Owned) => isAdmin(actor) || isOwner(actor, p);

export function checkName(name: unknown, errors: FieldError[]): string | undefined {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length < 1 || trimmed.length > 200) {
    errors.push({ path: 'name', message: 'must be 1-200 characters' });
    return undefined;
  }
  return trimmed;
}

export function checkDescription(description: unknown, errors: FieldError[]): string | null | undefined {
  if (description === null) return null;
  if (typeof description !== 'string' || description.length > 2000) {
    errors.push({ path: 'description', message: 'must be a string of at most 2000 characters, or null' });
    return undefined;
  }
  return description.trim() || null;
}

export function checkVisibility(visibility: unknown, errors: FieldError[]): PlaylistVisibility | undefined {
  if (!VISIBILITIES.includes(visibility as PlaylistVisibility)) {
    errors.push({ path: 'visibility', message: `must be one of ${VISIBILITIES.join(', ')}` });
    return undefined;
  }
  return visibility as PlaylistVisibility;
}

export function checkPosition(position: unknown, max: number, path: string, errors: FieldError[]): number | undefined {
  if (!Number.isInteger(position) || (position as number) < 0 || (position as number) > max) {
    errors.push({ path, message: `must be an integer 0..${max}` });
    return undefined;
  }
  return position as number;
}

export function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw new InvalidError('Invalid input', errors);
}
