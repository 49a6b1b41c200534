import type { AnnouncementRecord } from '../modules/announcements/index.js';
import type { AttemptKey } from '../modules/auth/index.js';
import type { SessionEnd } from '../modules/auth/index.js';

/**
 * What the processes of `rhythmo serve --workers N` tell each other over the cluster's IPC
 * channel (advanced serialization, so dates stay dates). Workers hold no state the others
 * need except these: the auth rate-limit counters (kept by the primary), announcements and
 * ended sessions (relayed by the primary to every other worker's open streams).
 */
export type ClusterMessage =
  | { rhythmo: 'announcement'; record: AnnouncementRecord }
  | { rhythmo: 'session-end'; end: SessionEnd }
  | { rhythmo: 'limit'; id: number; keys: AttemptKey[]; peek?: boolean }
  | { rhythmo: 'limited'; id: number; retryAfter: number }
  | { rhythmo: 'succeeded'; keys: AttemptKey[] }
  | { rhythmo: 'ready' };

export function isClusterMessage(m: unknown): m is ClusterMessage {
  return typeof m === 'object' && m !== null && typeof (m as { rhythmo?: unknown }).rhythmo === 'string';
}
