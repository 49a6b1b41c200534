import type { ErrorRequestHandler, Express } from 'express';
import type { RequestStartDeps } from '../request-start.js';
import { adopter, serveAhead } from '../ahead.js';
import { leanPath, leanRoute } from './lean-edge.js';
import { streamTrackHandler, type StreamTrackDeps } from './stream-track.js';

export { checkStreamRequest, STREAM_QUERY, STREAM_HEADERS } from './check-request.js';
export { leanPath } from './lean-edge.js';

const ROUTE = '/api/tracks/{trackId}/stream';

/**
 * The streaming fast path (docs/streaming.md, "The fast path"): `GET|HEAD /api/tracks/{trackId}/stream`
 * answered ahead of Express and of the global middleware, with what the full stack would have
 * given it (request id, helmet's headers, CORS, metrics, access log, problem+json, the
 * validator's checks) and nothing else. Mounted first, so nothing the app adds runs before it.
 */
export interface StreamEdgeDeps extends StreamTrackDeps {
  /** What the app's own requests start with: the same id, logger, metrics, helmet and CORS headers. */
  start: RequestStartDeps;
  errors: ErrorRequestHandler;
}

export function mountStreamEdge(app: Express, deps: StreamEdgeDeps): void {
  const adopt = adopter(app);
  const stream = leanRoute(
    { start: deps.start, route: ROUTE, errors: deps.errors, adopt },
    streamTrackHandler(deps),
  );
  // The plain spelling of the path is answered before Express routes anything; the others (see
  // leanPath) come here through Express's route, to the same edge.
  const streamPath = leanPath(ROUTE, ['GET', 'HEAD']);
  serveAhead(app, (req, res) => {
    const params = streamPath(req);
    if (!params) return false;
    stream(req, res, params);
    return true;
  });
  app.get('/api/tracks/:trackId/stream', (req, res) => stream(req, res, req.params));
  app.head('/api/tracks/:trackId/stream', (req, res) => stream(req, res, req.params));
}
