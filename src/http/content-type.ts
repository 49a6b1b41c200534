import type { RequestHandler } from 'express';
import { sendProblem } from './problem.js';

// RFC 6838 restricted names, so a media type never carries characters that mean something in a
// URI: the OpenAPI response validator reads the request's Content-Type into a cache key that it
// resolves as one, and a stray '%' there was a 500.
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const PARAMETER = /^\s*([a-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[a-z0-9!#$%&'*+.^_`|~-]+)\s*$/i;
const CHARSET = /^"?[a-z0-9._:-]{1,40}"?$/i;
/** The only parameters anything here reads: body-parser the charset, the upload parser the boundary. */
const KEPT = new Set(['charset', 'boundary']);

const hasBody = (headers: Record<string, string | string[] | undefined>) =>
  headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');

/**
 * A well-formed Content-Type (`type/subtype` and parameters) is passed on reduced to the type,
 * the charset and the boundary. A malformed one is 400 when it describes a body, and dropped
 * when there is no body for it to describe.
 */
export function normalizeContentType(): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['content-type'];
    if (given === undefined) return next();
    const [type = '', ...params] = given.split(';');
    const mediaType = type.trim().toLowerCase();
    const kept = [mediaType];
    let wellFormed = MEDIA_TYPE.test(mediaType);
    for (const param of params) {
      const m = PARAMETER.exec(param);
      if (!m) {
        wellFormed = false;
        break;
      }
      const name = m[1]!.toLowerCase();
      if (name === 'charset' && !CHARSET.test(m[2]!)) wellFormed = false;
      if (KEPT.has(name)) kept.push(`${name}=${m[2]}`);
    }
    if (wellFormed) req.headers['content-type'] = kept.join('; ');
    else if (hasBody(req.headers)) return sendProblem(res, 400, 'The Content-Type header is malformed');
    else delete req.headers['content-type'];
    next();
  };
}
