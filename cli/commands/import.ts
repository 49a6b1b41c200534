import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { actorFor, withContainer } from '../context.js';
import { integerOption } from '../options.js';
import { tuneJitForBatch } from '../batch-jit.js';
import { examples, formatTable, printJson } from '../output.js';
import { ImportProgress } from '../progress.js';
import { PartialFailure } from '../run.js';
import type { FileOutcome, ImportReport } from '../../src/modules/imports/index.js';

interface ImportFlags {
  manifest?: string;
  allowOutside?: boolean;
  owner?: string;
  as?: string;
  dryRun?: boolean;
  concurrency?: number;
  threads: number;
  json?: boolean;
  progress: boolean;
}

/**
 * Parsing threads: one per core, up to 4. They read, hash, parse and stage each file, which is
 * most of an import's work; the main thread (walk, batches, database) needs about half a core,
 * so on 2 cores two threads beat one (bench:import: 1.60-1.73 s against 1.75-2.02 s for 2,000
 * files; three were slower again).
 */
export const DEFAULT_IMPORT_THREADS = Math.max(1, Math.min(os.availableParallelism(), 4));

export function importCommand(): Command {
  return new Command('import')
    .description(
      'Import audio files and folders (recursively) into the catalog. Tags give the metadata; files without\n' +
        'tags are read as Artist/Album/NN - Title.ext. Idempotent by content hash: run it again at any time.',
    )
    .argument('[paths...]', 'files or folders to import')
    .option('-m, --manifest <file>', 'CSV or JSON list of files (paths relative to it) whose columns override the tags')
    .option('--allow-outside', "let manifest rows name files outside the manifest's folder")
    .option('--owner <login>', 'email or username of the artist account to manage the artists this import creates')
    .option('--as <login>', 'run as this account (email or username) instead of the system')
    .option('-n, --dry-run', 'print what would be created; change nothing')
    .addOption(new Option('-c, --concurrency <n>', 'files in flight at once (1-64; default 32 with parsing threads, 8 without)').argParser(integerOption(1, 64)))
    .addOption(
      new Option('-t, --threads <n>', 'threads that parse the files beside the main thread; 0: the main thread parses (0-16)')
        .argParser(integerOption(0, 16))
        .default(DEFAULT_IMPORT_THREADS, 'one per core, up to 4'),
    )
    .option('--json', 'print the report as JSON on stdout')
    .option('--no-progress', 'no progress bar or progress lines on stderr')
    .addHelpText(
      'after',
      examples(
        'rhythmo import ~/Music',
        'rhythmo import --dry-run "/srv/incoming/Nova Lights"',
        'rhythmo import --manifest releases/aurora.csv --owner nova@example.com',
        'rhythmo import /mnt/library --threads 3 --json > report.json',
      ) +
        '\nManifest columns (CSV header or JSON keys): path (required), title, artist, album, album_artist,\n' +
        'album_type, track_number, disc_number, year or date, genre, cover. Several artists or genres: "A; B".\n' +
        '\nExit codes: 0 every file imported or already present, 1 some files failed (listed), 2 bad usage.\n',
    )
    .action(async (paths: string[], flags: ImportFlags) => {
      tuneJitForBatch();
      const report = await withContainer(async (c) => {
        const actor = await actorFor(c, flags.as);
        const progress = flags.progress ? new ImportProgress() : null;
        try {
          return await c.services.imports.run(
            actor,
            { paths, manifest: flags.manifest, allowOutsideManifest: flags.allowOutside, owner: flags.owner, dryRun: flags.dryRun, concurrency: flags.concurrency, threads: flags.threads },
            { onFound: (n, walking) => progress?.found(n, walking), onFile: (o, done) => progress?.file(o, done) },
          );
        } finally {
          progress?.stop();
        }
      });
      if (flags.json) printJson(report);
      else printReport(report);
      const { failed, total } = report.summary;
      if (failed > 0) throw new PartialFailure(`${failed} of ${total} files failed`);
    });
}

const shown = (p: string) => {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
};

function printReport({ summary: s, files }: ImportReport): void {
  const of = <K extends FileOutcome['status']>(status: K) => files.filter((f): f is Extract<FileOutcome, { status: K }> => f.status === status);
  if (s.dryRun) {
    const planned = of('planned');
    if (planned.length) {
      console.log('Would import:');
      console.log(
        formatTable(planned, [
          { header: 'file', value: (f) => shown(f.path) },
          { header: 'title', value: (f) => f.plan.title },
          { header: 'artists', value: (f) => f.plan.artists.join(', ') },
          { header: 'album', value: (f) => (f.plan.album ? `${f.plan.album} (${f.plan.albumArtists.join(', ')})` : '') },
          { header: '#', value: (f) => (f.plan.trackNumber ? `${f.plan.discNumber ? `${f.plan.discNumber}.` : ''}${f.plan.trackNumber}` : '') },
          { header: 'date', value: (f) => f.plan.releaseDate },
          { header: 'genres', value: (f) => f.plan.genres.join(', ') },
          { header: 'length', value: (f) => `${(f.plan.durationMs / 1000).toFixed(1)}s` },
          { header: 'cover', value: (f) => f.plan.cover ?? '' },
        ]),
      );
      const artists = new Set(planned.flatMap((f) => [...f.plan.albumArtists, ...f.plan.artists.map((a) => a.replace(/ \(feat\.\)$/, ''))]));
      const albums = new Set(planned.flatMap((f) => (f.plan.album ? [`${f.plan.album}\u0000${f.plan.albumArtists[0]}`] : [])));
      console.log(`\n${planned.length} tracks on ${albums.size} albums by ${artists.size} artists (names may match artists already in the catalog).`);
    }
  }
  const duplicates = of('duplicate');
  if (duplicates.length) {
    console.log('\nDuplicates (same audio as another file of this run; imported once):');
    console.log(formatTable(duplicates, [
      { header: 'file', value: (f) => shown(f.path) },
      { header: 'same audio as', value: (f) => shown(f.duplicateOf) },
    ]));
  }
  const warned = files.flatMap((f) => ('warnings' in f && f.warnings ? f.warnings.map((w) => ({ path: f.path, note: w })) : []));
  if (warned.length) {
    console.log('\nWarnings (imported all the same; the field and what changed):');
    console.log(formatTable(warned, [
      { header: 'file', value: (w) => shown(w.path) },
      { header: 'field: what changed', value: (w) => `${w.note.field}: ${w.note.reason}` },
    ]));
  }
  // One line per field a refusal names, so a long list of reasons stays readable.
  const failed = of('failed').flatMap((f) => (f.errors?.length ? f.errors.map((e) => ({ path: f.path, reason: `${e.field}: ${e.reason}` })) : [{ path: f.path, reason: f.reason }]));
  if (failed.length) {
    console.log(s.dryRun ? '\nWould fail:' : '\nFailed:');
    console.log(formatTable(failed, [
      { header: 'file', value: (f) => shown(f.path) },
      { header: 'field: reason', value: (f) => f.reason },
    ]));
  }
  const seconds = s.elapsedMs / 1000;
  const verb = s.dryRun ? 'would import' : 'imported';
  console.log(
    `\n${s.dryRun ? 'Dry run: ' : ''}${s.total} files: ${verb} ${s.dryRun ? s.planned : s.imported}, already present ${s.present}, ` +
      `duplicates ${s.duplicates}, failed ${s.failed}` +
      (s.skippedNotAudio ? `; ${s.skippedNotAudio} non-audio files skipped` : '') +
      (s.ownerAssignedArtists ? `; owner now manages ${s.ownerAssignedArtists} more artists` : '') +
      ` (${seconds.toFixed(1)} s${seconds > 0 ? `, ${(s.total / seconds).toFixed(1)} files/s` : ''})`,
  );
}
