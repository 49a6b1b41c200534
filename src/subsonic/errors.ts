import {
  BusyError, CredentialsError, DomainError, ForbiddenError, InvalidError, NotFoundError, RateLimitedError, StoreUnavailableError, UnauthenticatedError,
} from '../shared/errors.js';

/** The specification's error codes (Responses: error). */
export const Code = {
  Generic: 0,
  MissingParameter: 10,
  ClientMustUpgrade: 20,
  WrongCredentials: 40,
  TokenNotSupported: 41,
  MechanismNotSupported: 42,
  ConflictingMechanisms: 43,
  InvalidApiKey: 44,
  NotAuthorized: 50,
  NotFound: 70,
} as const;

/** An error of this door's own vocabulary: a request the door itself refuses before any service runs. */
export class SubsonicError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'SubsonicError';
  }
}

export interface MappedError {
  code: number;
  message: string;
  /** Seconds a client should wait before trying again, when the error says so. */
  retryAfter?: number;
}

/** Every error a handler can raise, in the specification's terms; the one place domain errors meet Subsonic codes. */
export function mapError(err: unknown): MappedError | null {
  if (err instanceof SubsonicError) return { code: err.code, message: err.message };
  if (!(err instanceof DomainError)) return null;
  if (err instanceof CredentialsError) return { code: err.reason === 'invalid-api-key' ? Code.InvalidApiKey : Code.WrongCredentials, message: err.message };
  if (err instanceof UnauthenticatedError) return { code: Code.WrongCredentials, message: err.message };
  if (err instanceof ForbiddenError) return { code: Code.NotAuthorized, message: err.message };
  if (err instanceof NotFoundError) return { code: Code.NotFound, message: err.message };
  if (err instanceof RateLimitedError || err instanceof StoreUnavailableError || err instanceof BusyError) return { code: Code.Generic, message: err.message, retryAfter: err.retryAfterSeconds };
  if (err instanceof InvalidError) {
    const fields = err.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return { code: Code.Generic, message: fields ? `${err.message} (${fields})` : err.message };
  }
  return { code: Code.Generic, message: err.message };
}
