import 'dotenv/config';
import { pino, destination } from 'pino';
import { loadConfig } from '../src/config/index.js';
import { createContainer, type Container } from '../src/container.js';
import { SYSTEM, userActor, type Actor } from '../src/shared/actor.js';
import { InvalidError, NotFoundError } from '../src/shared/errors.js';

/** Builds the same container the server uses; commands call its services, never models. */
export async function withContainer<T>(fn: (c: Container) => Promise<T>, opts: { migrate?: boolean } = { migrate: true }): Promise<T> {
  const loaded = loadConfig();
  // Commands are batch work (imports, recommendation runs, migrations) whose statements may
  // rightly run for minutes: the statement bound is for requests. Connecting stays bounded.
  const config = { ...loaded, database: { ...loaded.database, timeouts: { ...loaded.database.timeouts, statementMs: 0 } } };
  // stdout belongs to the command's output (tables, --json); logs go to stderr.
  const container = createContainer(config, { logger: pino({ level: config.logLevel }, destination(2)) });
  try {
    if (opts.migrate !== false) await container.db.migrate();
    return await fn(container);
  } finally {
    await container.close();
  }
}

/** The actor a command runs as: the system, or the active account named by --as (email or username). */
export async function actorFor(c: Container, login: string | undefined): Promise<Actor> {
  if (!login) return SYSTEM;
  const user = await c.services.users.findByLogin(SYSTEM, login).catch((err: unknown) => {
    if (err instanceof NotFoundError) throw new InvalidError(`--as: no account with email or username "${login}"`);
    throw err;
  });
  if (user.status !== 'active') throw new InvalidError(`--as: the account ${user.username} is ${user.status}`);
  return userActor(user.id, user.role);
}

