import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import type { Container } from '../container.js';
import { newId, isUuid } from '../shared/ids.js';
import { bearerActor, createAuthenticator, raiseDeferredUnavailable, securityHandler } from './authentication.js';
import { mountStreamEdge } from './stream-edge/index.js';
import { beginRequest, capturedHeaders, setPolicyHeaders, type RequestStartDeps } from './request-start.js';
import { authenticateQueryToken } from './query-token.js';
import { createMetrics } from './metrics.js';
import { problemHandler, sendProblem } from './problem.js';
import { normalizeContentType } from './content-type.js';
import { rejectUnsafeText } from './safe-text.js';
import { loadOpenApiDocument } from './openapi-document.js';
import { openApiValidation } from './openapi-validation.js';
import { acceptEitherQueryEncoding } from './query-encoding.js';
import { schemaRoutes } from './schema.routes.js';
import { healthRoutes } from './health.routes.js';
import { accountPages } from './account-pages.js';
import { apiRouters } from './routers.js';
import { dispatchOperationsAhead } from './operation-dispatch.js';
import { useLeanJson } from './json-response.js';
import { subsonicRouter } from '../subsonic/router.js';

export interface AppOptions {
  /** Validate every response against the document; on by default outside production. */
  validateResponses?: boolean;
  /** Routers mounted before any body parser (the AdminJS panel needs that). */
  beforeBodyParsers?: { path: string; router: Router; ready?: Promise<void> }[];
  /** GET requests of the API dispatched ahead of Express's router (operation-dispatch.ts); on by default. */
  operationDispatch?: boolean;
}

export function createApp(container: Container, options: AppOptions = {}): Express {
  const { config, logger } = container;
  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  useLeanJson(app);

  const requestId = (req: IncomingMessage, res: ServerResponse): string => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && (isUuid(given) || /^[\w.-]{8,64}$/.test(given)) ? given : newId();
    res.setHeader('X-Request-Id', id);
    return id;
  };
  const metrics = createMetrics(container.db.sequelize);
  const securityHeaders = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const corsPolicy = cors({
    origin: (origin, cb) => cb(null, !origin || config.corsOrigins.includes('*') || config.corsOrigins.includes(origin)),
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Range', 'Accept-Ranges', 'ETag'],
    maxAge: 600,
  });
  const problems = problemHandler();
  const start: RequestStartDeps = {
    logger,
    metrics,
    requestId,
    securityHeaders: capturedHeaders(securityHeaders),
    cors: corsPolicy,
    corsWithoutOrigin: capturedHeaders(corsPolicy, { method: 'GET', headers: {} }),
  };

  // Audio streaming, ahead of everything else: see src/http/stream-edge for what it keeps and why.
  mountStreamEdge(app, {
    start,
    errors: problems,
    media: container.services.media,
    accelRedirect: config.streamAccelRedirect,
    accelCacheSeconds: config.streamAccelCacheSeconds,
    clock: container.clock,
    bearer: bearerActor(container),
  });

  app.use((req, res, next) => {
    beginRequest(start, req, res);
    next();
  });

  for (const { path, router } of options.beforeBodyParsers ?? []) app.use(path, router);

  // helmet's and CORS's headers, after the panel (which sends its own): see request-start.ts.
  app.use((req, res, next) => setPolicyHeaders(start, req, res, next));

  app.use(healthRoutes(container, metrics.registry, (options.beforeBodyParsers ?? []).map((p) => p.ready).filter((p): p is Promise<void> => !!p)));
  const document = loadOpenApiDocument();
  app.use(schemaRoutes(document));
  if (!config.publicAppUrl) app.use(accountPages(container));

  // The Subsonic door parses its own forms and answers in its own envelope: ahead of the API's parsers and validator.
  app.use('/rest', subsonicRouter(container, container.services.apiKeys));

  app.use(normalizeContentType());
  app.use(express.json({ limit: config.jsonBodyLimit }));
  const unsafeText = rejectUnsafeText();
  app.use(unsafeText);
  const authenticate = createAuthenticator(container);
  const validation = openApiValidation(acceptEitherQueryEncoding(structuredClone(document)), {
    validateRequests: { allowUnknownQueryParameters: false, removeAdditional: false },
    validateResponses: options.validateResponses ?? config.env !== 'production',
    validateSecurity: {
      handlers: {
        bearerAuth: securityHandler((req) => authenticate(req, {} as express.Response)),
        accessTokenQuery: securityHandler((req) => authenticateQueryToken(container, req)),
      },
    },
    // Uploads are streamed to disk by their own handlers, never buffered by the validator.
    fileUploader: false,
    ignoreUndocumented: false,
  });
  app.use(validation.middleware);

  app.use(raiseDeferredUnavailable);
  const routers = apiRouters(container);
  app.use(routers);
  // GET requests of the API skip Express's router, through the same steps: see operation-dispatch.ts.
  const noRoute: express.RequestHandler = (req, res) => sendProblem(res, 404, `No route for ${req.method} ${req.path}`);
  if (options.operationDispatch !== false) {
    dispatchOperationsAhead(app, { start, validation, before: [unsafeText], after: [raiseDeferredUnavailable], routers, notFound: noRoute, errors: problems });
  }

  app.use(noRoute);
  app.use(problems);
  return app;
}
