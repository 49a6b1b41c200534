import { Command } from 'commander';
import { withContainer } from '../context.js';
import { examples, formatTable, printJson } from '../output.js';
import { seedDemo, type SeedResult } from '../../seeders/index.js';

/** Prints the development accounts; only after a seed that created them, so they show once. */
export function printSeedResult(result: SeedResult, write: (line: string) => void = console.log): void {
  if (!result.seeded) {
    write('Demo data is already present; nothing was added.');
    return;
  }
  const c = result.counts;
  write(`Demo data added: ${c.tracks} tracks, ${c.accounts} accounts, ${c.playlists} playlists, ${c.ratings} ratings, ${c.follows} follows, ${c.plays} plays.`);
  write('Development accounts (never use these in production):');
  write(formatTable(result.accounts, [
    { header: 'role', value: (a) => a.role },
    { header: 'email', value: (a) => a.email },
    { header: 'username', value: (a) => a.username },
    { header: 'password', value: (a) => a.password },
  ]));
}

export function seedCommand(): Command {
  return new Command('seed')
    .description('Add the demo data of seeders/ (catalog with playable tracks, accounts, playlists, plays); a second run adds nothing')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('rhythmo seed', 'rhythmo db reset --yes && rhythmo seed --json'))
    .action(async (opts: { json?: boolean }) => {
      const result = await withContainer((c) => seedDemo(c));
      if (opts.json) printJson(result);
      else printSeedResult(result);
    });
}
