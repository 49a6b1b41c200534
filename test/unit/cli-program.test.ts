import type { Command } from 'commander';
import { buildProgram } from '../../cli/program.js';
import { describeError } from '../../cli/run.js';
import { InvalidError } from '../../src/shared/errors.js';

const helpOf = (cmd: Command): string => {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
};

const leaves = (cmd: Command, prefix = ''): [string, Command][] =>
  cmd.commands.length ? cmd.commands.flatMap((c) => leaves(c, `${prefix} ${c.name()}`.trim())) : [[prefix, cmd]];

describe('the rhythmo program', () => {
  const program = buildProgram();

  it('has the documented commands', () => {
    const names = leaves(program).map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining([
      'serve', 'db migrate', 'db status', 'db reset', 'seed', 'import',
      'users list', 'users create', 'users set-role', 'users ban', 'users unban', 'users reset-password',
      'artists list', 'artists assign-manager',
    ]));
  });

  it.each(leaves(buildProgram()).filter(([name]) => /^(serve|db|seed|import|users|artists)/.test(name)))('`%s --help` shows examples', (_name, cmd) => {
    const help = helpOf(cmd);
    expect(help).toMatch(/Examples:\n {2}\$ rhythmo /);
  });

  it('documents the exit codes', () => {
    expect(helpOf(program)).toMatch(/Exit codes: 0 ok, 1 some items failed, 2 bad usage or configuration/);
  });

  it('prints field errors in the one error line, once', () => {
    expect(describeError(new InvalidError('Invalid input', [{ path: 'email', message: 'is not valid' }]))).toBe('Invalid input: email is not valid');
    expect(describeError(new InvalidError('Invalid input: email is not valid', [{ path: 'email', message: 'is not valid' }]))).toBe('Invalid input: email is not valid');
  });
});
