import { DEMO_ACCOUNTS } from '../../seeders/index.js';
import { cliDatabase, spawnCli, type CliDatabase } from '../support/cli.js';

const SLOW = 600_000;
const ADMIN_PASSWORD = 'an operator passphrase 7';

/** Starts the embedded setup with demo data and a configured admin; stops it once it listens. */
async function firstStart(db: CliDatabase, adminEmail: string): Promise<{ code: number | null; out: string }> {
  const server = spawnCli(['serve', '--port', '0'], { ...db.env, SEED_DEMO: 'true', HOST: '127.0.0.1', LOG_LEVEL: 'info', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD });
  let out = '';
  server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 240_000;
  while (!/Rhythmo listening/.test(out) && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  if (server.exitCode === null) server.kill('SIGTERM');
  return { code: await exited, out };
}

describe('the configured admin and the demo data on a first start', () => {
  // The local parts the demo accounts' usernames use, and one that is no demo username.
  it.each(['admin@example.com', 'listener@example.org', 'mia@example.net', 'ops@example.com'])(
    'ADMIN_EMAIL=%s: both are there and every account logs in',
    async (adminEmail) => {
      const db = await cliDatabase('seedadmin');
      try {
        const start = await firstStart(db, adminEmail);
        expect(start.out).not.toMatch(/taken/i);
        expect(start.code).toBe(0);
        expect(start.out).toContain('Demo data added: 10 tracks, 5 accounts');

        const c = await db.open();
        const admin = await c.services.auth.login({ login: adminEmail, password: ADMIN_PASSWORD });
        expect(admin.user.role).toBe('admin');
        const usernames = new Set([admin.user.username]);
        for (const a of DEMO_ACCOUNTS) {
          const session = await c.services.auth.login({ login: a.email, password: a.password });
          expect(session.user.role).toBe(a.role);
          usernames.add(session.user.username);
          // The printed accounts name the username each one really has.
          expect(start.out).toMatch(new RegExp(`${a.email.replaceAll('.', '\\.')} +${session.user.username} `));
        }
        expect(usernames.size).toBe(DEMO_ACCOUNTS.length + 1);
      } finally {
        await db.drop();
      }
    },
    SLOW,
  );
});
