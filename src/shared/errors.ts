/**
 * Domain errors. They name what went wrong in the terms of the domain and know nothing
 * of HTTP: each door (API, AdminJS, CLI) maps them to its own vocabulary in one place.
 */
export interface FieldError {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The object does not exist, or the actor may not see it (we never tell which). */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(what = 'Resource') {
    super(`${what} not found`);
  }
}

/** The actor's role does not allow this kind of action at all. */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** The credentials are missing, wrong, expired or revoked. */
export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
}

/**
 * Credentials a client sends with every request (an API key, or a username with a key as its
 * password) did not hold. One message for every cause, so nobody learns which accounts exist;
 * `reason` only tells a bad key given on its own from a bad username and password pair.
 */
export class CredentialsError extends UnauthenticatedError {
  constructor(readonly reason: 'wrong-credentials' | 'invalid-api-key') {
    super(reason === 'invalid-api-key' ? 'Invalid API key' : 'Wrong username or password');
  }
}

/** The request clashes with the current state (duplicate, still referenced, full). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The input breaks a rule of the domain. */
export class InvalidError extends DomainError {
  readonly kind = 'invalid';
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class TooLargeError extends DomainError {
  readonly kind = 'too_large';
}

export class UnsupportedMediaError extends DomainError {
  readonly kind = 'unsupported_media';
}

export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * The data store could not be reached or did not answer in time. Nothing is wrong with the
 * request: the same one may succeed a little later.
 */
export class StoreUnavailableError extends DomainError {
  readonly kind = 'unavailable';
  readonly retryAfterSeconds: number;
  constructor(options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super('The database is unreachable or not answering; try again shortly');
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** The server is doing as much of this work as it may at once (transcodes); the same request may succeed shortly. */
export class BusyError extends DomainError {
  readonly kind = 'busy';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
