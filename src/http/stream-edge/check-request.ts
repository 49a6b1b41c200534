import type { IncomingMessage } from 'node:http';
import { InvalidError, type FieldError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { MAX_KBPS, MIN_KBPS, STREAM_FORMATS } from '../../modules/media/index.js';

/** The stream operation's query parameters in the OpenAPI document (openapi/paths/media.yaml). */
export const STREAM_QUERY = ['format', 'bitrate', 'u', 'expires', 'sig'] as const;
/** Its header parameters and their maxLength. */
export const STREAM_HEADERS = { range: 1000, 'if-range': 200, 'if-none-match': 2000 } as const;

export type StreamQuery = Partial<Record<(typeof STREAM_QUERY)[number], string>>;
const HEADER_LIMITS = Object.entries(STREAM_HEADERS);

/**
 * A query string's name/value pairs, as URLSearchParams reads them. Without `%` or `+` there is
 * nothing to decode, and splitting by hand is a fraction of URLSearchParams' cost: a signed
 * stream URL (a UUID, digits and base64url) is always such a query.
 */
function queryPairs(query: string): Iterable<[string, string]> {
  if (query.includes('%') || query.includes('+')) return new URLSearchParams(query);
  const pairs: [string, string][] = [];
  // URLSearchParams drops one leading '?'.
  for (const part of (query.startsWith('?') ? query.slice(1) : query).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return pairs;
}

/**
 * What the OpenAPI validator checks for `GET|HEAD /api/tracks/{trackId}/stream`, by hand, since
 * that route runs ahead of the validator: the path id is a UUID, the query holds only the signed
 * URL's parameters (each once, in their formats), and the headers keep their length limits.
 * A test holds these lists to the document.
 */
export function checkStreamRequest(req: IncomingMessage, params: Record<string, string | undefined>): { trackId: string; query: StreamQuery } {
  const errors: FieldError[] = [];
  const trackId = String(params.trackId);
  if (!isUuid(trackId)) errors.push({ path: 'params.trackId', message: 'must match format "uuid"' });
  const url = req.url ?? '';
  const q = url.indexOf('?');
  const query: StreamQuery = {};
  for (const [name, value] of queryPairs(q < 0 ? '' : url.slice(q + 1))) {
    if (!(STREAM_QUERY as readonly string[]).includes(name)) errors.push({ path: `query.${name}`, message: 'Unknown query parameter' });
    else if (query[name as keyof StreamQuery] !== undefined) errors.push({ path: `query.${name}`, message: 'must be given once' });
    else query[name as keyof StreamQuery] = value;
  }
  if (query.u !== undefined && !isUuid(query.u)) errors.push({ path: 'query.u', message: 'must match format "uuid"' });
  if (query.expires !== undefined && !/^\d{1,15}$/.test(query.expires)) errors.push({ path: 'query.expires', message: 'must be integer' });
  if (query.sig !== undefined && query.sig.length > 100) errors.push({ path: 'query.sig', message: 'must NOT have more than 100 characters' });
  if (query.format !== undefined && !(STREAM_FORMATS as readonly string[]).includes(query.format)) errors.push({ path: 'query.format', message: `must be equal to one of the allowed values: ${STREAM_FORMATS.join(', ')}` });
  if (query.bitrate !== undefined && !(/^\d{2,3}$/.test(query.bitrate) && Number(query.bitrate) >= MIN_KBPS && Number(query.bitrate) <= MAX_KBPS)) errors.push({ path: 'query.bitrate', message: `must be an integer from ${MIN_KBPS} to ${MAX_KBPS}` });
  for (const [name, max] of HEADER_LIMITS) {
    const value = req.headers[name];
    if (typeof value === 'string' && value.length > max) errors.push({ path: `headers.${name}`, message: `must NOT have more than ${max} characters` });
  }
  if (errors.length) throw new InvalidError(`request/${errors[0]!.path.replace('.', '/')} ${errors[0]!.message}`, errors);
  return { trackId, query };
}
