import 'dotenv/config';
import { loadConfig } from '../src/config/index.js';
import { createContainer, type Container } from '../src/container.js';

/** Builds the same container the server uses; commands call its services, never models. */
export async function withContainer<T>(fn: (c: Container) => Promise<T>, opts: { migrate?: boolean } = { migrate: true }): Promise<T> {
  const config = loadConfig();
  const container = createContainer(config);
  try {
    if (opts.migrate !== false) await container.db.migrate();
    return await fn(container);
  } finally {
    await container.close();
  }
}
