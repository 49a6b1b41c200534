import type { ErrorRequestHandler, Response } from 'express';
import {
  BusyError,
  ConflictError,
  DomainError,
  InvalidError,
  RateLimitedError,
  StoreUnavailableError,
  type FieldError,
} from '../shared/errors.js';

const STATUS: Record<string, number> = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  invalid: 400,
  too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  unavailable: 503,
  busy: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  requestId?: string;
  [extra: string]: unknown;
}

export function sendProblem(res: Response, status: number, detail?: string, extra: Partial<Problem> = {}): void {
  const body: Problem = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, ...(detail ? { detail } : {}), ...extra };
  if (res.req?.id) body.requestId = String(res.req.id);
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

interface ValidatorError {
  status?: number;
  statusCode?: number;
  message?: string;
  type?: string;
  errors?: { path?: string; message?: string }[];
}

/** The one place where domain errors and framework errors become HTTP. */
export function problemHandler(): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) {
      req.log?.warn({ err }, 'error after the response started');
      res.destroy();
      return;
    }
    if (req.readableAborted) {
      // The client closed the connection mid-body: there is nobody to answer, and nothing broke here.
      req.log?.info({ reason: (err as Error)?.message }, 'upload aborted');
      res.destroy();
      return;
    }
    if (err instanceof DomainError) {
      const status = STATUS[err.kind] ?? 500;
      if (err instanceof RateLimitedError || err instanceof StoreUnavailableError || err instanceof BusyError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      if (err instanceof StoreUnavailableError) req.log?.warn({ err: err.cause }, 'database unavailable');
      const extra: Partial<Problem> = {};
      if (err instanceof InvalidError && err.errors.length > 0) extra.errors = err.errors;
      if (err instanceof ConflictError) Object.assign(extra, err.details);
      return sendProblem(res, status, err.message, extra);
    }
    const e = err as ValidatorError;
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // express-openapi-validator, body-parser and friends: the client's mistake, described.
      const errors = e.errors?.map((x) => ({ path: String(x.path ?? '').replace(/^\/(body|query|params|headers)\/?/, '$1.').replace(/\.$/, '').replace(/\//g, '.'), message: String(x.message ?? '') }));
      const detail = e.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : e.message;
      return sendProblem(res, status, detail, errors?.length ? { errors } : {});
    }
    req.log?.error({ err }, 'unhandled error');
    sendProblem(res, 500, 'An unexpected error occurred. Quote the request id when you report it.');
  };
}
