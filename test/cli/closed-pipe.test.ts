import { spawnCli, cliDatabase, type CliDatabase } from '../support/cli.js';

let db: CliDatabase;
beforeAll(async () => {
  db = await cliDatabase('pipe');
});
afterAll(() => db.drop());

/**
 * Runs the CLI with one of its output pipes closed from the start, like `rhythmo ... | head -1`
 * once head has exited: every write to it fails with EPIPE.
 */
function runWithClosed(args: string[], closed: 'stdout' | 'stderr'): Promise<{ code: number | null; signal: string | null; output: string }> {
  const child = spawnCli(args, db.env);
  child[closed]!.destroy();
  const open = closed === 'stdout' ? child.stderr! : child.stdout!;
  let output = '';
  open.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })));
}

describe('output to a closed pipe', () => {
  it('`rhythmo artists --help | head -1` exits quietly', async () => {
    const run = await runWithClosed(['artists', '--help'], 'stdout');
    expect(run.output).toBe('');
    expect(run.code).toBe(0);
  }, 60_000);

  it('a command whose table goes to a closed pipe exits quietly', async () => {
    const run = await runWithClosed(['db', 'status'], 'stdout');
    expect(run.output).toBe('');
    expect(run.code).toBe(0);
  }, 60_000);

  it('an error message to a closed stderr keeps the exit code of the error', async () => {
    const run = await runWithClosed(['users', 'list', '--role', 'bogus'], 'stderr');
    expect(run.output).toBe('');
    expect(run.code).toBe(2);
  }, 60_000);
});
