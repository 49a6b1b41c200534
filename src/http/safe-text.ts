import type { RequestHandler } from 'express';
import type { FieldError } from '../shared/errors.js';
import { isSafeText, UNSAFE_TEXT_MESSAGE } from '../shared/text.js';
import { sendProblem } from './problem.js';

/** Enough to show the client what to fix without echoing a huge body back. */
const MAX_REPORTED = 20;

/**
 * Refuses, before the validator or any handler reads them, strings of the path, query or JSON
 * body that hold NUL or an unpaired surrogate (see shared/text.ts). Path parameters are named
 * only once a route matches, so a bad path segment is reported as `path`.
 */
export function rejectUnsafeText(): RequestHandler {
  return (req, res, next) => {
    const errors: FieldError[] = [];
    // A URL arrives as printable ASCII (Node's parser answers 400 to anything else), so only
    // percent-encoding can bring NUL or a surrogate into the path or query.
    const url = req.url;
    if (url.includes('%')) {
      for (const segment of req.path.split('/')) {
        if (segment && !isSafeText(decoded(segment))) errors.push({ path: 'path', message: UNSAFE_TEXT_MESSAGE });
      }
    }
    if (url.includes('?')) check(req.query, 'query', errors);
    check(req.body, 'body', errors);
    if (errors.length === 0) return next();
    sendProblem(res, 400, 'The request holds text that is not valid', { errors: errors.slice(0, MAX_REPORTED) });
  };
}

const decoded = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not percent-encoding Express can read either; the router answers that
  }
};

/** Every string in a parsed query or body, keys included; a loop, not recursion, so nesting depth cannot overflow the stack. */
function check(root: unknown, rootPath: string, errors: FieldError[]): void {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0 && errors.length < MAX_REPORTED) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (!isSafeText(value)) errors.push({ path, message: UNSAFE_TEXT_MESSAGE });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (!isSafeText(key)) errors.push({ path, message: 'has a key holding NUL characters or unpaired surrogates' });
        else stack.push([child, `${path}.${key}`]);
      }
    }
  }
}
