import { isUuid } from '../shared/ids.js';
import { Code, SubsonicError } from './errors.js';
import type { Handler } from './handler.js';
import { song } from './mappers.js';

export const getPlayQueue: Handler = async ({ container, actor, username }) => {
  const queue = await container.services.playQueue.get(actor);
  if (!queue) return {};
  const tracks = new Map((await container.services.browse.tracks(actor, [...new Set(queue.tracks.map((t) => t.id))])).map((t) => [t.id, t]));
  return {
    playQueue: {
      current: queue.currentTrackId ?? undefined,
      position: queue.positionMs,
      username,
      changed: queue.changedAt.toISOString(),
      changedBy: queue.changedBy ?? '',
      entry: queue.tracks.flatMap((t) => (tracks.has(t.id) ? [song(tracks.get(t.id)!)] : [])),
    },
  };
};

/** The songs in order, the current one and how far into it (ms); no songs clears the queue. */
export const savePlayQueue: Handler = async ({ container, actor, params }) => {
  const trackIds = params.list('id').map((v) => v.trim().toLowerCase());
  if (!trackIds.every(isUuid)) throw new SubsonicError(Code.NotFound, 'Song not found');
  const current = params.optional('current');
  await container.services.playQueue.save(actor, {
    trackIds,
    current: current === undefined || current === '' ? null : current.trim().toLowerCase(),
    positionMs: params.int('position', { min: 0, default: 0 }),
    changedBy: params.optional('c') ?? null,
  });
  return {};
};
