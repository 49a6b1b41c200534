import { Command } from 'commander';
import readline from 'node:readline/promises';
import { withContainer } from '../context.js';
import { examples, printJson } from '../output.js';
import { UsageError } from '../run.js';

export function dbCommand(): Command {
  const db = new Command('db')
    .description('Database migrations: migrate, status, reset')
    .addHelpText('after', examples('rhythmo db migrate', 'rhythmo db status --json', 'rhythmo db reset --yes'));
  db.command('migrate')
    .description('Apply pending migrations (running it twice changes nothing)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', examples('rhythmo db migrate', 'DATABASE_URL=postgres://localhost/rhythmo rhythmo db migrate --json'))
    .action(async (opts: { json?: boolean }) => {
      const applied = await withContainer((c) => c.db.migrate(), { migrate: false });
      if (opts.json) printJson({ applied });
      else console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply; the database is up to date.');
    });
  db.command('status')
    .description('List executed and pending migrations')
    .option('--json', 'machine-readable output')
    .addHelpText('after', examples('rhythmo db status', 'rhythmo db status --json'))
    .action(async (opts: { json?: boolean }) => {
      const status = await withContainer((c) => c.db.migrationStatus(), { migrate: false });
      if (opts.json) printJson(status);
      else {
        for (const name of status.executed) console.log(`  applied  ${name}`);
        for (const name of status.pending) console.log(`  pending  ${name}`);
        console.log(`${status.executed.length} applied, ${status.pending.length} pending`);
      }
    });
  db.command('reset')
    .description('Drop every table and migrate from scratch (asks first unless --yes)')
    .option('-y, --yes', 'do not ask')
    .addHelpText('after', examples('rhythmo db reset', 'rhythmo db reset --yes && rhythmo seed'))
    .action(async (opts: { yes?: boolean }) => {
      if (!opts.yes) {
        if (!process.stdin.isTTY) throw new UsageError('refusing to reset without --yes when not on a terminal');
        const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
        const answer = await rl.question('This deletes all data in the database. Type "reset" to go on: ');
        rl.close();
        if (answer.trim() !== 'reset') {
          console.log('Cancelled.');
          return;
        }
      }
      await withContainer((c) => c.db.reset(), { migrate: false });
      console.log('Database reset and migrated.');
    });
  return db;
}
