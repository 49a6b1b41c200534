import type { Actor } from '../shared/actor.js';
import { Code, SubsonicError } from './errors.js';
import type { Params } from './params.js';

export type SubsonicCredentials =
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'password'; username: string; password: string }
  | { kind: 'token'; username: string; token: string; salt: string };

export type Caller = { actor: Actor & { kind: 'user' }; username: string };

/** What checks the credentials; the API keys service is the one implementation. */
export interface CredentialsCheck {
  authenticate(credentials: SubsonicCredentials, address: string): Promise<Caller>;
}

/** `p=enc:6869` is the password's UTF-8 bytes in hex, which only hides it from a glance at a log. */
function decodePassword(p: string): string {
  if (!p.startsWith('enc:')) return p;
  const hex = p.slice(4);
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) throw new SubsonicError(Code.WrongCredentials, 'Wrong username or password');
  return Buffer.from(hex, 'hex').toString('utf8');
}

/**
 * Reads which of the three mechanisms the request uses. An API key never comes with a username
 * (apiKeyAuthentication: code 43), and a token never with a password.
 */
export function credentialsOf(params: Params): SubsonicCredentials {
  const apiKey = params.optional('apiKey');
  const u = params.optional('u');
  const p = params.optional('p');
  const t = params.optional('t');
  const s = params.optional('s');
  if (apiKey !== undefined) {
    if (u !== undefined || p !== undefined || t !== undefined) throw new SubsonicError(Code.ConflictingMechanisms, 'Multiple conflicting authentication mechanisms provided');
    return { kind: 'apiKey', apiKey };
  }
  if (u === undefined) throw new SubsonicError(Code.MissingParameter, 'Required parameter is missing: u (or apiKey)');
  if (t !== undefined && p !== undefined) throw new SubsonicError(Code.ConflictingMechanisms, 'Multiple conflicting authentication mechanisms provided');
  if (t !== undefined) {
    if (s === undefined) throw new SubsonicError(Code.MissingParameter, 'Required parameter is missing: s');
    return { kind: 'token', username: u, token: t, salt: s };
  }
  if (p !== undefined) return { kind: 'password', username: u, password: decodePassword(p) };
  throw new SubsonicError(Code.MissingParameter, 'Required parameter is missing: t and s (or p)');
}
