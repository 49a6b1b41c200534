import type { Page } from '../../shared/pagination.js';
import type { PlayWithTrack } from './play.service.js';

export function toHistoryDto(page: Page<PlayWithTrack>) {
  return {
    items: page.items.map(({ play, track }) => ({
      playId: play.id,
      clientPlayId: play.clientPlayId,
      startedAt: play.startedAt.toISOString(),
      msPlayed: play.msPlayed,
      completed: play.completed,
      source: play.source,
      track,
    })),
    nextCursor: page.nextCursor,
  };
}
