import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';

// Requests answered ahead of Express's router: the streaming edge (stream-edge/) and the GET
// operations of the API (operation-dispatch.ts).

/**
 * Lets `lean` answer requests before the Express app sees them: whatever it does not take
 * (returns false for) goes on to Express untouched. Express's app function passes every request
 * to app.handle, whether the app was given to http.createServer, app.listen or supertest, so
 * this is the one place that covers them all.
 */
export function serveAhead(app: Express, lean: (req: IncomingMessage, res: ServerResponse) => boolean): void {
  const expressApp = app as unknown as { handle(req: IncomingMessage, res: ServerResponse, next?: unknown): void };
  const handle = expressApp.handle.bind(app);
  expressApp.handle = (req, res, next) => {
    if (!lean(req, res)) handle(req, res, next);
  };
}

/**
 * Makes Node's request and response Express's, as Express's app.handle does to every request it
 * is given, for a request answered ahead of it.
 */
export function adopter(app: Express): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (Object.getPrototypeOf(res) === app.response) return;
    (req as Request).res = res as Response;
    (res as Response).req = req as Request;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    (res as Response).locals ??= Object.create(null) as Response['locals'];
  };
}
