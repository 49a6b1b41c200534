import { Command, Option } from 'commander';
import { withContainer } from '../context.js';
import { integerOption } from '../options.js';
import { date, examples, printJson, printTable } from '../output.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { NotFoundError } from '../../src/shared/errors.js';
import { isUuid } from '../../src/shared/ids.js';
import type { ArtistDto } from '../../src/modules/catalog/index.js';
import type { Container } from '../../src/container.js';

const ARTIST_COLUMNS = [
  { header: 'name', value: (a: ArtistDto) => a.name },
  { header: 'slug', value: (a: ArtistDto) => a.slug },
  { header: 'genres', value: (a: ArtistDto) => a.genres.map((g) => g.name).join(', ') },
  { header: 'followers', value: (a: ArtistDto) => a.followerCount },
  { header: 'created', value: (a: ArtistDto) => date(a.createdAt) },
  { header: 'id', value: (a: ArtistDto) => a.id },
];

const account = (c: Container, login: string) =>
  c.services.users.findByLogin(SYSTEM, login).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NotFoundError(`Account "${login}"`) : err;
  });

/** An artist by id, slug or exact name (case-insensitive). */
async function findArtist(c: Container, ref: string): Promise<ArtistDto> {
  if (isUuid(ref)) return c.services.catalog.getArtist(SYSTEM, ref);
  const page = await c.services.catalog.listArtists(SYSTEM, { q: ref, limit: 100 });
  const key = ref.trim().toLocaleLowerCase();
  const matches = page.items.filter((a) => a.slug === key || a.name.toLocaleLowerCase() === key);
  if (matches.length === 0) throw new NotFoundError(`Artist "${ref}"`);
  return matches[0]!;
}

export function artistsCommand(): Command {
  const artists = new Command('artists')
    .description('Artist profiles: list them, give artist accounts the right to manage them')
    .addHelpText('after', examples('rhythmo artists list -q nova', 'rhythmo artists assign-manager "Nova Lights" nova@example.com'));

  artists
    .command('list')
    .description('List artist profiles by name')
    .option('-q, --query <text>', 'name contains (search)')
    .option('--managed-by <login>', 'only artists this artist account manages (email or username)')
    .addOption(new Option('--limit <n>', 'at most this many').argParser(integerOption(1, 100_000)).default(100))
    .option('--json', 'print JSON')
    .addHelpText('after', examples('rhythmo artists list', 'rhythmo artists list --managed-by sinewaves', 'rhythmo artists list -q "aurora" --json'))
    .action(async (opts: { query?: string; managedBy?: string; limit: number; json?: boolean }) => {
      const list = await withContainer(async (c) => {
        if (opts.managedBy) {
          const user = await account(c, opts.managedBy);
          const ids = user.role === 'artist' ? await c.services.catalog.managedArtistIds(userActor(user.id, user.role)) : [];
          const found = await c.services.catalog.getArtistSummaries(SYSTEM, ids.slice(0, opts.limit));
          return found.sort((a, b) => a.name.localeCompare(b.name));
        }
        const out: ArtistDto[] = [];
        let cursor: string | undefined;
        do {
          const page = await c.services.catalog.listArtists(SYSTEM, { q: opts.query, limit: Math.min(100, opts.limit - out.length), cursor });
          out.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor && out.length < opts.limit);
        return out;
      });
      if (opts.json) printJson(list);
      else printTable(list, ARTIST_COLUMNS, 'No artists match.');
    });

  artists
    .command('assign-manager')
    .description('Let an artist account manage an artist profile (its albums, tracks and statistics)')
    .argument('<artist>', 'artist id, slug or exact name')
    .argument('<login>', 'email or username of an artist account')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('rhythmo artists assign-manager "Nova Lights" nova@example.com', 'rhythmo artists assign-manager nova-lights novalights'))
    .action(async (ref: string, login: string, opts: { json?: boolean }) => {
      const result = await withContainer(async (c) => {
        const artist = await findArtist(c, ref);
        const user = await account(c, login);
        await c.services.catalog.addManager(SYSTEM, artist.id, user.id);
        return { artist: { id: artist.id, name: artist.name }, manager: { id: user.id, username: user.username, email: user.email } };
      });
      if (opts.json) printJson(result);
      else console.log(`${result.manager.username} now manages ${result.artist.name}.`);
    });
  return artists;
}
