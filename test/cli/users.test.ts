import path from 'node:path';
import type { Container } from '../../src/container.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { cliDatabase, copyFixtures, runCli, type CliDatabase } from '../support/cli.js';

const SLOW = 600_000;

interface UserJson {
  id: string;
  email: string;
  username: string;
  role: string;
  status: string;
  password?: string;
}

describe('rhythmo users and artists', () => {
  let db: CliDatabase;
  let c: Container;
  const cli = (...args: string[]) => runCli(args, db.env);

  beforeAll(async () => {
    db = await cliDatabase('users');
    c = await db.open();
  });
  afterAll(() => db.drop());

  const expectUsageError = (run: { code: number | null; stderr: string; stdout: string }, message: RegExp) => {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rhythmo: /);
    expect(lines[0]).toMatch(message);
  };

  it('create, list, set-role, ban, unban and reset-password work through the users service', async () => {
    const admin = await cli('users', 'create', '--email', 'root@example.com', '--username', 'root', '--role', 'admin', '--password', 'correct horse battery', '--json');
    expect(admin.code).toBe(0);
    expect(JSON.parse(admin.stdout)).toMatchObject({ email: 'root@example.com', username: 'root', role: 'admin', status: 'active', emailVerified: true });

    // Without --password one is generated, printed once, and works.
    const ana = await cli('users', 'create', '--email', 'Ana@Example.com', '--username', 'ana', '--json');
    expect(ana.code).toBe(0);
    const anaJson = JSON.parse(ana.stdout) as UserJson;
    expect(anaJson).toMatchObject({ email: 'ana@example.com', role: 'listener' });
    expect(anaJson.password).toMatch(/^.{16}$/);
    await expect(c.services.auth.login({ login: 'ana', password: anaJson.password! })).resolves.toMatchObject({ accessToken: expect.any(String) });

    const promoted = await cli('users', 'set-role', 'ana@example.com', 'artist', '--json');
    expect(promoted.code).toBe(0);
    expect(JSON.parse(promoted.stdout)).toMatchObject({ username: 'ana', role: 'artist' });

    const banned = await cli('users', 'ban', 'ana');
    expect(banned.code).toBe(0);
    expect(banned.stdout).toMatch(/ana\s+ana@example\.com\s+artist\s+banned/);
    await expect(c.services.auth.login({ login: 'ana', password: anaJson.password! })).rejects.toThrow();

    expect((await cli('users', 'unban', 'ana')).code).toBe(0);
    const reset = await cli('users', 'reset-password', 'ana', '--password', 'a brand new passphrase');
    expect(reset.code).toBe(0);
    await expect(c.services.auth.login({ login: 'ana', password: 'a brand new passphrase' })).resolves.toMatchObject({ accessToken: expect.any(String) });

    const list = await cli('users', 'list', '--json');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as UserJson[]).map((u) => [u.username, u.role, u.status])).toEqual([
      ['ana', 'artist', 'active'],
      ['root', 'admin', 'active'],
    ]);
    const table = await cli('users', 'list', '--role', 'admin');
    expect(table.stdout.split('\n')[0]).toMatch(/^USERNAME\s+EMAIL\s+ROLE\s+STATUS\s+CREATED\s+ID$/);
    expect(table.stdout).toContain('root@example.com');
    expect(table.stdout).not.toContain('ana@example.com');
  }, SLOW);

  it('refuses bad input with exit code 2, one line on stderr, and changes nothing', async () => {
    const before = (await c.services.users.list(SYSTEM, { limit: 100 })).items.map((u) => [u.username, u.role, u.status]);
    expectUsageError(await cli('users', 'create', '--email', 'not-an-email', '--username', 'bob', '--password', 'long enough secret'), /email is not a valid email address/);
    expectUsageError(await cli('users', 'create', '--email', 'bob@example.com', '--username', 'bob', '--password', 'short'), /password must be at least 10 characters/);
    expectUsageError(await cli('users', 'create', '--email', 'bob@example.com', '--username', 'bob', '--role', 'wizard'), /argument 'wizard' is invalid/);
    expectUsageError(await cli('users', 'create', '--email', 'ana@example.com', '--username', 'ana2'), /already registered/);
    expectUsageError(await cli('users', 'set-role', 'nobody', 'admin'), /Account "nobody" not found/);
    expectUsageError(await cli('users', 'set-role', 'root', 'listener'), /last admin/);
    expectUsageError(await cli('users', 'ban'), /missing required argument 'login'/);
    expectUsageError(await cli('users', 'reset-password', 'ana', '--password', 'ana-is-my-password'), /must not contain the username/);
    const after = (await c.services.users.list(SYSTEM, { limit: 100 })).items.map((u) => [u.username, u.role, u.status]);
    expect(after).toEqual(before);
  }, SLOW);

  it('artists list and assign-manager go through the catalog service', async () => {
    const audio = copyFixtures();
    try {
      expect((await cli('import', path.join(audio.dir, 'library/Nova Lights'), '--no-progress')).code).toBe(0);
    } finally {
      audio.remove();
    }
    const list = await cli('artists', 'list', '--json');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((a) => a.name)).toEqual(['Nova Lights']);
    expect((await cli('artists', 'list')).stdout).toMatch(/^NAME\s+SLUG\s+GENRES\s+FOLLOWERS\s+CREATED\s+ID\nNova Lights\s+nova-lights/);

    const assigned = await cli('artists', 'assign-manager', 'nova lights', 'ana');
    expect(assigned.code).toBe(0);
    expect(assigned.stdout.trim()).toBe('ana now manages Nova Lights.');
    const managed = await cli('artists', 'list', '--managed-by', 'ana@example.com', '--json');
    expect((JSON.parse(managed.stdout) as { slug: string }[]).map((a) => a.slug)).toEqual(['nova-lights']);

    expectUsageError(await cli('artists', 'assign-manager', 'Nobody Band', 'ana'), /Artist "Nobody Band" not found/);
    expectUsageError(await cli('artists', 'assign-manager', 'nova-lights', 'root'), /Only artist accounts/);
  }, SLOW);
});
