export { runPrimary } from './primary.js';
export { ClusterLimiter, relayAnnouncements, announceReady } from './worker.js';
