import type { Endpoint } from './handler.js';
import * as system from './system.js';

/**
 * Every endpoint of the /rest door by its Subsonic name. Each answers at /rest/NAME and
 * /rest/NAME.view, by GET and by form POST; a new endpoint is one line here.
 */
export const endpoints: Record<string, Endpoint> = {
  ping: system.ping,
  getLicense: system.getLicense,
  getOpenSubsonicExtensions: system.getOpenSubsonicExtensions,
};
