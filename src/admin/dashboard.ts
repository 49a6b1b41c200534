import type { PageContext } from 'adminjs';
import type { Container } from '../container.js';
import { toStatsDto } from '../modules/stats/index.js';
import { isPanelAdmin, panelActor } from './panel-actor.js';

const INTERVALS = new Set(['day', 'week', 'month']);

/**
 * Data for the dashboard: the platform's statistics for admins; for artists, those of one
 * artist they manage (the first unless they pick another). Goes through the stats service,
 * so an artist asking for someone else's artist gets the same NotFound as the API gives.
 */
export function dashboardHandler(container: Container) {
  const { stats } = container.services;
  return async (request: { query?: Record<string, unknown> }, _response: unknown, context: PageContext) => {
    const actor = panelActor(context.currentAdmin);
    const query = (request.query ?? {}) as Record<string, string | undefined>;
    const interval = INTERVALS.has(String(query.interval)) ? String(query.interval) : 'day';
    if (isPanelAdmin(context.currentAdmin)) {
      return { scope: 'Platform', stats: toStatsDto(await stats.platformStats(actor, { interval })) };
    }
    const artists = await stats.viewableArtists(actor);
    const chosen = artists.find((a) => a.id === query.artistId) ?? artists[0];
    if (!chosen) return { message: 'You do not manage any artist yet. Create one under Catalog → Artists.' };
    return { scope: chosen.name, artistId: chosen.id, artists, stats: toStatsDto(await stats.artistStats(actor, chosen.id, { interval })) };
  };
}
