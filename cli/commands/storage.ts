import { Command, Option } from 'commander';
import { withContainer } from '../context.js';
import { examples, formatTable, printJson } from '../output.js';
import { PartialFailure } from '../run.js';
import { SYSTEM } from '../../src/shared/actor.js';
import type { MigrationReport, MigrationSummary, StorageDriver } from '../../src/modules/media/index.js';

interface MigrateFlags {
  to: StorageDriver;
  dryRun?: boolean;
  json?: boolean;
  progress: boolean;
}

const PROGRESS_EVERY_MS = 5000;
const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

export function storageCommand(): Command {
  const storage = new Command('storage').description('Where audio and images are kept: local disk (MEDIA under DATA_DIR) or an S3-compatible bucket');
  storage
    .command('migrate')
    .description(
      'Copy every stored file the database points at (audio, covers, photos, avatars) to the other storage, each\n' +
        'checked against its sha256 once copied. Resumable: files the target already holds intact are skipped, so\n' +
        'after an interruption run the same command again. The source is left as it is; set STORAGE and restart\n' +
        'once a run ends without problems.',
    )
    .addOption(new Option('--to <driver>', 'where the files go').choices(['s3', 'local']).makeOptionMandatory())
    .option('-n, --dry-run', 'count what would be copied; copy nothing')
    .option('--json', 'print the report as JSON on stdout')
    .option('--no-progress', 'no progress lines on stderr')
    .addHelpText(
      'after',
      examples('rhythmo storage migrate --to s3 --dry-run', 'rhythmo storage migrate --to s3', 'rhythmo storage migrate --to local --json > report.json') +
        '\nThe bucket comes from S3_BUCKET, S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE.\n' +
        '\nExit codes: 0 every file is in the target, 1 some files are missing or failed (listed), or the run was\n' +
        'interrupted (Ctrl-C: files under way finish first), 2 bad usage or no bucket configured.\n',
    )
    .action(async (flags: MigrateFlags) => {
      const stop = new AbortController();
      const interrupt = () => stop.abort();
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      let report: MigrationReport;
      try {
        report = await withContainer((c) => {
          let total = 0;
          let last = 0;
          return c.services.storageMigration.migrate(
            SYSTEM,
            { to: flags.to, dryRun: flags.dryRun, signal: stop.signal },
            {
              onTotal: (n) => (total = n),
              onKey: (_outcome, done) => {
                if (!flags.progress || (Date.now() - last < PROGRESS_EVERY_MS && done < total)) return;
                last = Date.now();
                process.stderr.write(`${done}/${total} files\n`);
              },
            },
          );
        });
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
      }
      if (flags.json) printJson(report);
      else printReport(report);
      const { missing, failed, interrupted } = report.summary;
      if (missing + failed > 0) throw new PartialFailure(`${missing + failed} of ${report.summary.total} files are not in the target`);
      if (interrupted) throw new PartialFailure('interrupted: run the same command again to go on');
    });
  return storage;
}

function printReport({ summary: s, problems }: MigrationReport): void {
  if (problems.length) {
    console.log('Not copied:');
    console.log(
      formatTable(problems, [
        { header: 'key', value: (p) => p.key },
        { header: 'reason', value: (p) => (p.status === 'failed' ? p.reason : `in neither ${s.from} nor ${s.to} storage`) },
      ]),
    );
    console.log('');
  }
  console.log(summaryLine(s));
  if (!s.dryRun && !s.interrupted && s.missing + s.failed === 0) console.log(`Every file is in ${s.to} storage. Set STORAGE=${s.to} and restart to serve from it.`);
}

function summaryLine(s: MigrationSummary): string {
  const seconds = s.elapsedMs / 1000;
  const head = `${s.dryRun ? 'Dry run: ' : ''}${s.total} files from ${s.from} to ${s.to}: `;
  const counts = s.dryRun ? `would copy ${s.planned}, already there ${s.present}` : `copied ${s.copied} (${mb(s.bytesCopied)}), already there ${s.present}`;
  return `${head}${counts}, missing ${s.missing}, failed ${s.failed}${s.interrupted ? ', interrupted' : ''} (${seconds.toFixed(1)} s)`;
}
