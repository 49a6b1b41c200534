import type { AnnouncementService } from '../modules/announcements/index.js';
import type { Sessions } from '../modules/auth/index.js';
import type { PgNotifications } from '../db/notifications.js';
import type { Logger } from '../shared/logger.js';

/** The caches one process keeps of state another process may change. */
export interface ForgetfulCaches {
  forgetUser(userId: string): void;
  forgetStoredFiles(): void;
  forgetAll(): void;
}

/**
 * On PostgreSQL, every process on every host hears what the others did through the database's
 * notifications (src/db/notifications.ts), not through a cluster primary:
 *  - an announcement posted anywhere reaches every process's open streams (read from the table
 *    by id; after a lost connection, what was posted meanwhile is read from the table too);
 *  - an ended session or a ban closes every process's streams of it, and every process forgets
 *    the account check it remembered for signed stream URLs;
 *  - deleted stored files make every process forget its remembered track look-ups.
 * Returns the function that sends a deletion of stored files to the others.
 */
export function shareThroughPostgres(opts: {
  notifications: PgNotifications;
  announcements: AnnouncementService;
  sessions: Sessions;
  caches: ForgetfulCaches;
  logger: Logger;
}): { storedFilesGone(keys: string[]): void } {
  const { notifications: n, announcements, sessions, caches, logger } = opts;
  announcements.relayTo({ publish: (a) => void n.publish({ kind: 'announcement', id: a.id, seq: a.seq }) });
  sessions.relayTo({ publish: (end) => void n.publish({ kind: 'session-end', end }) });
  sessions.onEnd((end) => caches.forgetUser(end.userId));

  // Announcements are read from the table one after another, so streams get them in order.
  let reading = Promise.resolve();
  const read = (fn: () => Promise<void>) => {
    reading = reading.then(fn).catch((err: unknown) => logger.warn({ err }, 'could not read an announcement posted by another process'));
  };
  n.subscribe((event) => {
    switch (event.kind) {
      case 'announcement':
        return read(() => announcements.deliverStored(event.id));
      case 'session-end':
        return sessions.deliver(event.end);
      case 'stored-keys-gone':
        return caches.forgetStoredFiles();
    }
  });
  n.onReconnect(() => {
    caches.forgetAll();
    read(() => announcements.catchUp());
  });
  return {
    storedFilesGone: (keys) => {
      caches.forgetStoredFiles();
      void n.publish({ kind: 'stored-keys-gone', keys });
    },
  };
}
