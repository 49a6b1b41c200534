import { Command } from 'commander';
import readline from 'node:readline/promises';
import { withContainer } from '../context.js';

export function dbCommand(): Command {
  const db = new Command('db').description('Database migrations');
  db.command('migrate')
    .description('Apply pending migrations (running it twice changes nothing)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const applied = await withContainer((c) => c.db.migrate(), { migrate: false });
      if (opts.json) console.log(JSON.stringify({ applied }));
      else console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply; the database is up to date.');
    });
  db.command('status')
    .description('List executed and pending migrations')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const status = await withContainer((c) => c.db.migrationStatus(), { migrate: false });
      if (opts.json) console.log(JSON.stringify(status));
      else {
        for (const name of status.executed) console.log(`  applied  ${name}`);
        for (const name of status.pending) console.log(`  pending  ${name}`);
      }
    });
  db.command('reset')
    .description('Drop every table and migrate from scratch (asks first unless --yes)')
    .option('-y, --yes', 'do not ask')
    .action(async (opts: { yes?: boolean }) => {
      if (!opts.yes) {
        if (!process.stdin.isTTY) throw new Error('refusing to reset without --yes when not on a terminal');
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
