export { runPrimary } from './primary.js';
export { ClusterLimiter, relayAnnouncements, relaySessionEnds, announceReady } from './worker.js';
