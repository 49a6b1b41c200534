import http from 'node:http';
import type { Container } from './container.js';
import { createApp } from './http/app.js';

export interface StartedServer {
  server: http.Server;
  port: number;
  stop(): Promise<void>;
}

/** Migrates, runs start-up tasks, listens, and stops gracefully on SIGTERM/SIGINT. */
export async function startServer(container: Container, extras: { onStart?: () => Promise<void> } = {}): Promise<StartedServer> {
  const { config, logger } = container;
  const applied = await container.db.migrate();
  if (applied.length) logger.info({ applied }, 'migrations applied');
  if (config.bootstrapAdmin) {
    const admin = await container.services.users.ensureAdmin(config.bootstrapAdmin);
    if (admin) logger.info({ email: admin.email }, 'admin account created from ADMIN_EMAIL');
  }
  await extras.onStart?.();
  const app = createApp(container);
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
  return { server, port, stop };
}
