import { cliDatabase, runCli, type CliDatabase } from '../support/cli.js';

// Databases of their own, created empty (on PostgreSQL new databases, on SQLite new files):
// what an operator has before the first `rhythmo db migrate`.
const databases: CliDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

describe('rhythmo db status', () => {
  it('on an empty database lists every migration as pending, then migrate applies them', async () => {
    // The first look at a new database creates the migration log; three new databases, because
    // a race in creating it does not show every time.
    let pending: string[] = [];
    for (let i = 0; i < 3; i++) {
      const db = await cliDatabase('status');
      databases.push(db);
      const fresh = await runCli(['db', 'status', '--json'], db.env);
      expect(fresh.stderr).toBe('');
      expect(fresh.code).toBe(0);
      const status = JSON.parse(fresh.stdout) as { executed: string[]; pending: string[] };
      expect(status.executed).toEqual([]);
      expect(status.pending.length).toBeGreaterThan(0);
      pending = status.pending;
    }
    const db = databases.at(-1)!;
    const table = await runCli(['db', 'status'], db.env);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`0 applied, ${pending.length} pending`);

    expect((await runCli(['db', 'migrate'], db.env)).code).toBe(0);
    const after = await runCli(['db', 'status', '--json'], db.env);
    expect(JSON.parse(after.stdout)).toEqual({ executed: pending, pending: [] });
  }, 120_000);
});
