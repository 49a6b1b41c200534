import http from 'node:http';
import type { Container } from './container.js';
import { createApp } from './http/app.js';
import { buildAdminPanel } from './admin/admin-panel.js';

export interface StartedServer {
  server: http.Server;
  port: number;
  /** Resolves once start-up work after listening (the panel's bundle) is done: what /readyz waits for. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** What runs once before serving, in one process even when several workers serve. */
export async function prepareServer(container: Container, onStart?: () => Promise<void>): Promise<void> {
  const { config, logger } = container;
  const applied = await container.db.migrate();
  if (applied.length) logger.info({ applied }, 'migrations applied');
  if (config.bootstrapAdmin) {
    const admin = await container.services.users.ensureAdmin(config.bootstrapAdmin);
    if (admin) logger.info({ email: admin.email }, 'admin account created from ADMIN_EMAIL');
  }
  // A bucket that cannot be used stops the start with one line, not every upload with a 500.
  await container.storage.check?.();
  const swept = await container.storage.sweepTemp();
  if (swept) logger.info({ swept }, 'temporary upload files removed');
  await onStart?.();
}

/**
 * Migrates and runs start-up tasks (unless a cluster primary already did: `prepared`), runs
 * background jobs when asked (`jobs`), listens, and stops gracefully on SIGTERM/SIGINT.
 */
export async function startServer(
  container: Container,
  extras: { onStart?: () => Promise<void>; adminPanel?: boolean; prepared?: boolean; jobs?: boolean } = {},
): Promise<StartedServer> {
  const { config, logger } = container;
  if (!extras.prepared) await prepareServer(container, extras.onStart);
  // On PostgreSQL, announcements, ended sessions and cache invalidations from the other processes.
  await container.listen();
  // Background jobs in this process too (`rhythmo serve` unless --no-jobs or JOBS=false).
  if (extras.jobs) await container.runJobs();
  // The AdminJS panel at /admin; it must be mounted ahead of the body parsers.
  const panels = extras.adminPanel === false ? [] : [await buildAdminPanel(container)];
  const app = createApp(container, { beforeBodyParsers: panels });
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, database: config.database.dialect }, `Rhythmo listening on ${config.publicUrl}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down: finishing in-flight requests');
      // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Open event streams would otherwise hold close() until the 10 s timer.
      container.services.announcements.closeStreams();
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(timer);
      await container.close();
      logger.info('stopped');
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  const ready = Promise.all(panels.map((p) => p.ready)).then(() => undefined);
  return { server, port, ready, stop };
}
