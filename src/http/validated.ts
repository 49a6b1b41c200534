import type { Request } from 'express';
import type { operations } from './openapi-types.js';

/** An operation of the OpenAPI document, by its operationId. */
export type OperationId = keyof operations;

/** An operation's query parameters: integers and booleans arrive as such, the validator coerces them. */
export type QueryOf<O extends OperationId> = NonNullable<operations[O]['parameters']['query']>;

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** An operation's JSON request body; undefined too where the document makes the body optional. */
export type BodyOf<O extends OperationId> = undefined extends operations[O]['requestBody']
  ? Json<NonNullable<operations[O]['requestBody']>> | undefined
  : Json<operations[O]['requestBody']>;

/**
 * The request's query as the operation declares it. Every route under /api runs behind
 * express-openapi-validator, which has checked (and coerced) the query against the document:
 * this is the one place that tells the compiler so, instead of a cast in each route.
 */
export function queryOf<O extends OperationId>(req: Request, _operation: O): QueryOf<O> {
  return req.query as QueryOf<O>;
}

/** The request's JSON body as the operation declares it, checked by the validator. */
export function bodyOf<O extends OperationId>(req: Request, _operation: O): BodyOf<O> {
  return req.body as BodyOf<O>;
}
