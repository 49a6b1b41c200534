import fs from 'node:fs';
import http from 'node:http';
import request from 'supertest';
import type { Express } from 'express';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createContainer, type Container } from '../../src/container.js';
import { createApp } from '../../src/http/app.js';
import { MemoryMailer } from '../../src/shared/mailer.js';
import { SYSTEM, type Role } from '../../src/shared/actor.js';
import { testDatabaseUrl } from './database.js';

export interface TestUser {
  id: string;
  email: string;
  username: string;
  password: string;
  role: Role;
  token: string;
  refreshToken: string;
}

export interface TestContext {
  container: Container;
  config: Config;
  app: Express;
  mailer: MemoryMailer;
  http: () => request.Agent;
  /** Creates a user with the role through the services and logs them in. */
  user(role?: Role, name?: string): Promise<TestUser>;
  /** Empties every table, keeping the schema. */
  truncate(): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/** Empties every table but the migration log (and SQLite's FTS shadow tables, which follow by trigger). */
export async function truncateAll(db: Container['db']): Promise<void> {
  const qi = db.sequelize.getQueryInterface();
  const tables = ((await qi.showAllTables()) as string[]).filter((t) => t !== 'schema_migrations' && !t.includes('_fts'));
  if (db.dialect === 'postgres') {
    if (tables.length) await db.sequelize.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} CASCADE`);
  } else {
    await db.sequelize.query('PRAGMA foreign_keys = OFF');
    for (const t of tables) await db.sequelize.query(`DELETE FROM "${t}"`);
    await db.sequelize.query('PRAGMA foreign_keys = ON');
  }
}

/**
 * A real database (SQLite file or this worker's PostgreSQL database), migrated and
 * emptied, with the app built on it. Every test file builds its own data.
 */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const db = await testDatabaseUrl();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.url,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    RATE_LIMIT_AUTH_PER_WINDOW: '1000',
    DB_POOL_MAX: '5',
    ...env,
  });
  const mailer = new MemoryMailer();
  const container = createContainer(config, { mailer });
  await container.db.migrate();
  const truncate = () => truncateAll(container.db);
  await truncate();
  const app = createApp(container, { validateResponses: true });
  // One server for the whole context: supertest's own per-request server closes as soon as the
  // answer arrives, and a client still writing an early-refused upload (401, 403) then sees EPIPE.
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ctx: TestContext = {
    container,
    config,
    app,
    mailer,
    http: () => request.agent(server),
    async user(role: Role = 'listener', name?: string) {
      counter += 1;
      const username = name ?? `${role}${counter}x${process.pid % 1000}`;
      const password = `Secret-${counter}-long-enough-pass`;
      const email = `${username}@example.com`;
      const created = await container.services.users.create(SYSTEM, { email, username, password, role });
      const session = await container.services.auth.login({ login: username, password });
      return { id: created.id, email, username, password, role, token: session.accessToken, refreshToken: session.refreshToken };
    },
    truncate,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await container.close();
      fs.rmSync(db.dataDir, { recursive: true, force: true });
    },
  };
  return ctx;
}

export const bearer = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
