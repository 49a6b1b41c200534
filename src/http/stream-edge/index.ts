import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../shared/logger.js';
import type { Metrics } from '../metrics.js';
import { capturedHeaders, leanPath, leanRoute, serveAhead } from './lean-edge.js';
import { streamTrackHandler, type StreamTrackDeps } from './stream-track.js';

export { checkStreamRequest, STREAM_QUERY, STREAM_HEADERS } from './check-request.js';
export { leanPath, capturedHeaders } from './lean-edge.js';

const ROUTE = '/api/tracks/{trackId}/stream';

/**
 * The streaming fast path (docs/streaming.md, "The fast path"): `GET|HEAD /api/tracks/{trackId}/stream`
 * answered ahead of Express and of the global middleware, with what the full stack would have
 * given it (request id, helmet's headers, CORS, metrics, access log, problem+json, the
 * validator's checks) and nothing else. Mounted first, so nothing the app adds runs before it.
 */
export interface StreamEdgeDeps extends StreamTrackDeps {
  logger: Logger;
  metrics: Metrics;
  /** The app's helmet and cors instances: their headers are captured once, so they cannot drift. */
  securityHeaders: RequestHandler;
  cors: RequestHandler;
  requestId(req: IncomingMessage, res: ServerResponse): string;
  errors: ErrorRequestHandler;
}

export function mountStreamEdge(app: Express, deps: StreamEdgeDeps): void {
  // Makes Node's request and response Express's, as Express's app.handle does to every request
  // it is given; the lean edge needs it only when an error goes to the problem mapper.
  const adopt = (req: IncomingMessage, res: ServerResponse) => {
    if (Object.getPrototypeOf(res) === app.response) return;
    (req as Request).res = res as Response;
    (res as Response).req = req as Request;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    (res as Response).locals ??= Object.create(null) as Response['locals'];
  };
  const stream = leanRoute(
    {
      logger: deps.logger,
      metrics: deps.metrics,
      route: ROUTE,
      securityHeaders: capturedHeaders(deps.securityHeaders),
      cors: deps.cors,
      corsWithoutOrigin: capturedHeaders(deps.cors, { method: 'GET', headers: {} }),
      requestId: deps.requestId,
      errors: deps.errors,
      adopt,
    },
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
