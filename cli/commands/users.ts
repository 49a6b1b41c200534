import { randomBytes } from 'node:crypto';
import { Argument, Command, Option } from 'commander';
import { withContainer } from '../context.js';
import { integerOption } from '../options.js';
import { date, examples, printJson, printTable } from '../output.js';
import { SYSTEM, ROLES, type Role } from '../../src/shared/actor.js';
import { toAdminUserDto, type AdminUserDto, type UserStatus } from '../../src/modules/users/index.js';
import type { Container } from '../../src/container.js';
import { NotFoundError } from '../../src/shared/errors.js';

const USER_COLUMNS = [
  { header: 'username', value: (u: AdminUserDto) => u.username },
  { header: 'email', value: (u: AdminUserDto) => u.email },
  { header: 'role', value: (u: AdminUserDto) => u.role },
  { header: 'status', value: (u: AdminUserDto) => u.status },
  { header: 'created', value: (u: AdminUserDto) => date(u.createdAt) },
  { header: 'id', value: (u: AdminUserDto) => u.id },
];

/** A password shown once to the operator: 16 random characters. */
const generatedPassword = () => randomBytes(12).toString('base64url');

const findUser = (c: Container, login: string) =>
  c.services.users.findByLogin(SYSTEM, login).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NotFoundError(`Account "${login}"`) : err;
  });

function printUser(user: AdminUserDto, json: boolean | undefined, extra: Record<string, string> = {}): void {
  if (json) return printJson({ ...user, ...extra });
  printTable([user], USER_COLUMNS);
  for (const [k, v] of Object.entries(extra)) console.log(`${k}: ${v}`);
}

export function usersCommand(): Command {
  const users = new Command('users')
    .description('Manage accounts: list, create, change roles, ban, reset passwords (as the system)')
    .addHelpText('after', examples('rhythmo users list --role artist', 'rhythmo users create --email ana@example.com --username ana --role artist', 'rhythmo users ban spammer42'));

  users
    .command('list')
    .description('List accounts, newest first')
    .addOption(new Option('--role <role>', 'only this role').choices(ROLES))
    .addOption(new Option('--status <status>', 'only this status').choices(['active', 'banned']))
    .option('-q, --query <text>', 'email, username or display name contains')
    .addOption(new Option('--limit <n>', 'at most this many').argParser(integerOption(1, 100_000)).default(100))
    .option('--json', 'print JSON')
    .addHelpText('after', examples('rhythmo users list', 'rhythmo users list --role admin --json', 'rhythmo users list -q example.com --limit 500'))
    .action(async (opts: { role?: Role; status?: UserStatus; query?: string; limit: number; json?: boolean }) => {
      const list = await withContainer(async (c) => {
        const out: AdminUserDto[] = [];
        let cursor: string | undefined;
        do {
          const page = await c.services.users.list(SYSTEM, { role: opts.role, status: opts.status, q: opts.query, limit: Math.min(100, opts.limit - out.length), cursor });
          out.push(...page.items.map(toAdminUserDto));
          cursor = page.nextCursor ?? undefined;
        } while (cursor && out.length < opts.limit);
        return out;
      });
      if (opts.json) printJson(list);
      else printTable(list, USER_COLUMNS, 'No accounts match.');
    });

  users
    .command('create')
    .description('Create an account (email verified); without --password one is generated and printed once')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--username <name>', '2-32 letters, digits, dots, dashes or underscores')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).default('listener'))
    .option('--password <password>', 'at least 10 characters, not containing the username')
    .option('--display-name <name>', 'shown name (default: the username)')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('rhythmo users create --email ana@example.com --username ana --role artist', 'rhythmo users create --email ops@example.com --username ops --role admin --password "long enough secret"'))
    .action(async (opts: { email: string; username: string; role: Role; password?: string; displayName?: string; json?: boolean }) => {
      const password = opts.password ?? generatedPassword();
      const user = await withContainer((c) =>
        c.services.users.create(SYSTEM, { email: opts.email, username: opts.username, role: opts.role, password, displayName: opts.displayName }),
      );
      printUser(toAdminUserDto(user), opts.json, opts.password ? {} : { password });
    });

  users
    .command('set-role')
    .description("Change an account's role (the last admin cannot be demoted)")
    .argument('<login>', 'email or username')
    .addArgument(new Argument('<role>', 'new role').choices(ROLES))
    .option('--json', 'print JSON')
    .addHelpText('after', examples('rhythmo users set-role ana artist', 'rhythmo users set-role ops@example.com admin'))
    .action(async (login: string, role: Role, opts: { json?: boolean }) => {
      const user = await withContainer(async (c) => c.services.users.adminUpdate(SYSTEM, (await findUser(c, login)).id, { role }));
      printUser(toAdminUserDto(user), opts.json);
    });

  for (const [name, status, description] of [
    ['ban', 'banned', 'Ban an account: it cannot log in and its sessions end'],
    ['unban', 'active', 'Let a banned account log in again'],
  ] as const) {
    users
      .command(name)
      .description(description)
      .argument('<login>', 'email or username')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(`rhythmo users ${name} spammer42`, `rhythmo users ${name} someone@example.com --json`))
      .action(async (login: string, opts: { json?: boolean }) => {
        const user = await withContainer(async (c) => c.services.users.adminUpdate(SYSTEM, (await findUser(c, login)).id, { status }));
        printUser(toAdminUserDto(user), opts.json);
      });
  }

  users
    .command('reset-password')
    .description('Set a new password and end all sessions; without --password one is generated and printed once')
    .argument('<login>', 'email or username')
    .option('--password <password>', 'the new password')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('rhythmo users reset-password ana', 'rhythmo users reset-password ana@example.com --password "a new long secret"'))
    .action(async (login: string, opts: { password?: string; json?: boolean }) => {
      const password = opts.password ?? generatedPassword();
      const user = await withContainer(async (c) => {
        const found = await findUser(c, login);
        await c.services.users.setPassword(SYSTEM, found.id, password);
        return found;
      });
      printUser(toAdminUserDto(user), opts.json, opts.password ? {} : { password });
    });
  return users;
}
