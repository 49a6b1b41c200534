import express, { Router, type Request, type Response } from 'express';
import type { Container } from '../container.js';
import { credentialsOf, type CredentialsCheck } from './auth.js';
import { failedBody, JSONP_CALLBACK, okBody, send, type Format } from './envelope.js';
import { endpoints } from './endpoints.js';
import { Code, mapError, SubsonicError, type MappedError } from './errors.js';
import { SENT, type Endpoint } from './handler.js';
import { Params } from './params.js';

/** Long enough for a play queue or playlist of a thousand ids. */
const FORM_LIMIT = '1mb';

const byLowerName = new Map(Object.keys(endpoints).map((name) => [name.toLowerCase(), name]));

function endpointFor(name: string): Endpoint | undefined {
  const exact = Object.hasOwn(endpoints, name) ? name : byLowerName.get(name.toLowerCase());
  return exact === undefined ? undefined : endpoints[exact];
}

/** Query and form body together; URLSearchParams reads `+` and `%20`, `,` and `%2C` alike. */
function paramsOf(req: Request): URLSearchParams {
  const at = req.originalUrl.indexOf('?');
  const values = new URLSearchParams(at < 0 ? '' : req.originalUrl.slice(at + 1));
  if (typeof req.body === 'string') for (const [k, v] of new URLSearchParams(req.body)) values.append(k, v);
  return values;
}

function formatOf(params: Params): { format: Format; callback?: string } {
  const f = params.optional('f');
  if (f === 'json') return { format: 'json' };
  if (f === 'jsonp') {
    const callback = params.optional('callback');
    // Without a usable callback the error still has to reach the client in a form it can read.
    if (!callback || !JSONP_CALLBACK.test(callback)) return { format: 'json' };
    return { format: 'jsonp', callback };
  }
  return { format: 'xml' };
}

/**
 * The /rest door: Subsonic and OpenSubsonic clients. It parses its own form bodies (the API's
 * parsers and validator never see these requests), authenticates every call, hands it to one
 * endpoint of the registry with the caller as actor, and maps what goes wrong once, here.
 * Errors travel inside a normal 200 answer, as clients expect.
 */
export function subsonicRouter(container: Container, credentials: CredentialsCheck): Router {
  const router = Router();
  router.use(express.text({ type: 'application/x-www-form-urlencoded', limit: FORM_LIMIT }));

  const answer = async (req: Request, res: Response) => {
    const params = new Params(paramsOf(req));
    const { format, callback } = formatOf(params);
    try {
      const name = String(req.params.name).replace(/\.view$/, '');
      const endpoint = endpointFor(name);
      if (!endpoint) {
        res.status(404);
        throw new SubsonicError(Code.Generic, `Unknown endpoint: ${name}`);
      }
      if (format === 'json' && params.optional('f') === 'jsonp') throw new SubsonicError(Code.MissingParameter, 'Required parameter is missing or not a JavaScript name: callback');
      let result;
      if (typeof endpoint === 'function') {
        const caller = await credentials.authenticate(credentialsOf(params), req.ip ?? '');
        result = await endpoint({ ...caller, container, params, req, res });
      } else {
        result = await endpoint.public({ container, params, req, res });
      }
      if (result !== SENT) send(res, okBody(result), format, callback);
    } catch (err) {
      let mapped: MappedError | null = mapError(err);
      if (!mapped) {
        req.log.error({ err }, 'subsonic endpoint failed');
        mapped = { code: Code.Generic, message: 'The server could not answer this request' };
      }
      // An image or audio answer already under way cannot turn into an error document.
      if (res.headersSent) return void res.destroy();
      if (mapped.retryAfter !== undefined) res.setHeader('Retry-After', String(mapped.retryAfter));
      send(res, failedBody(mapped.code, mapped.message), format, callback);
    }
  };
  router.get('/:name', answer);
  router.post('/:name', answer);

  // A form body the parser refused (too large, bad charset) still gets an answer clients can read.
  router.use((err: unknown, req: Request, res: Response, next: (err?: unknown) => void) => {
    if (res.headersSent) return next(err);
    const params = new Params(paramsOf(req));
    const { format, callback } = formatOf(params);
    send(res, failedBody(Code.Generic, 'The request body could not be read as a form'), format, callback);
  });
  return router;
}
