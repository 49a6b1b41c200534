import type { Request, Response } from 'express';
import type { Container } from '../container.js';
import type { Node } from './envelope.js';
import type { Caller } from './auth.js';
import type { Params } from './params.js';

/** What every endpoint is given: the caller as actor, the request's parameters, and the raw request for binary answers. */
export interface Call extends Caller {
  container: Container;
  params: Params;
  req: Request;
  res: Response;
}

/** Returned by a handler that wrote the answer itself (audio, images). */
export const SENT = Symbol('sent');

/** The payload's keys go into subsonic-response beside status and version: `{ album: {...} }`. */
export type Result = Node | typeof SENT;

export type Handler = (call: Call) => Promise<Result>;

/** An endpoint anyone may call, without credentials (getOpenSubsonicExtensions). */
export type PublicHandler = { public: (call: Omit<Call, keyof Caller>) => Promise<Result> };

export type Endpoint = Handler | PublicHandler;
