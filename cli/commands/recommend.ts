import { Command, Option } from 'commander';
import { withContainer } from '../context.js';
import { integerOption } from '../options.js';
import { UsageError } from '../run.js';
import { examples, formatTable, printJson } from '../output.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { MODELS, type EvalReport, type ModelName, type RunSummary } from '../../src/modules/recommendations/index.js';

/** Phase progress on stderr: one line when a phase starts and at most one every two seconds after. */
function phaseProgress(enabled: boolean) {
  let phase = '';
  let last = 0;
  const started = Date.now();
  return (name: string, done: number, total: number) => {
    if (!enabled) return;
    const now = Date.now();
    if (name === phase && now - last < 2000 && done < total) return;
    phase = name;
    last = now;
    const pct = total ? Math.floor((100 * done) / total) : 100;
    process.stderr.write(`[${((now - started) / 1000).toFixed(1)}s] ${name} ${done}/${total} (${pct}%)\n`);
  };
}

const seconds = (ms: unknown) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(1)}s` : '');

function printRun(s: RunSummary): void {
  console.log(`Run ${s.id} (${s.model}) succeeded${s.dryRun ? ' (dry run: nothing written)' : ''}.`);
  console.log(
    formatTable(Object.entries(s.counts), [
      { header: 'count', value: ([k]) => k },
      { header: 'value', value: ([, v]) => v },
    ]),
  );
  console.log();
  console.log(
    formatTable(Object.entries(s.timings), [
      { header: 'phase', value: ([k]) => k.replace(/Ms$/, '') },
      { header: 'time', value: ([, v]) => seconds(v) },
    ]),
  );
  console.log();
  console.log(`catalog coverage ${(s.metrics.catalogCoverage! * 100).toFixed(1)}%, personalised ${(s.metrics.personalizedShare! * 100).toFixed(1)}%`);
}

function printEval(r: EvalReport): void {
  console.log(`Holdout: ${r.holdout}. ${r.users} users, ${r.tracks} tracks, ${seconds(r.durationMs)}.`);
  const base = r.models.find((m) => m.model === 'popular')!;
  console.log(
    formatTable(r.models, [
      { header: 'model', value: (m) => m.model },
      { header: `recall@${r.k}`, value: (m) => m.recall.toFixed(4) },
      { header: `ndcg@${r.k}`, value: (m) => m.ndcg.toFixed(4) },
      { header: 'coverage', value: (m) => `${(m.coverage * 100).toFixed(1)}%` },
      { header: 'recall vs popular', value: (m) => (base.recall > 0 ? `${(m.recall / base.recall).toFixed(2)}x` : '') },
    ]),
  );
}

/** --queue: the run goes to the job queue; an already queued or running one is named instead (exit 0: a run is coming). */
async function queueRun(opts: { model: ModelName; user?: string[]; top: number; dryRun?: boolean; json?: boolean }): Promise<void> {
  if (opts.user?.length || opts.dryRun) throw new UsageError('--queue runs for every user and writes its outputs: it takes neither --user nor --dry-run');
  const { run, created } = await withContainer((c) => c.services.jobs.queueRecommendationRun(SYSTEM, { model: opts.model, top: opts.top }));
  if (opts.json) printJson({ id: run.id, status: run.status, created });
  else if (created) console.log(`Queued recommendation run ${run.id}; a worker (rhythmo worker, or rhythmo serve) runs it.`);
  else console.log(`A recommendation run is already ${run.status}: ${run.id}. Nothing queued.`);
}

export function recommendCommand(): Command {
  const cmd = new Command('recommend').description('Batch recommendations: compute, evaluate, and make synthetic data');
  cmd
    .command('run')
    .description('Compute recommendations, similar tracks and generated playlists, replacing the previous run\'s in one transaction')
    .addOption(new Option('--model <model>', 'which model ranks the candidates').choices([...MODELS]).default('hybrid'))
    .option('--user <user...>', 'only these users (ids or usernames); the model still learns from everyone')
    .option('--top <n>', 'recommendations kept per user (1-1000)', integerOption(1, 1000), 100)
    .option('-n, --dry-run', 'compute and report, but write no outputs')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress lines on stderr')
    .option('-q, --queue', 'queue the run for the background jobs (serve or worker) instead of running it here; one run at a time')
    .addHelpText(
      'after',
      examples('rhythmo recommend run', 'rhythmo recommend run --model knn --top 50', 'rhythmo recommend run --user alice bob', 'rhythmo recommend run --queue'),
    )
    .action(async (opts: { model: ModelName; user?: string[]; top: number; dryRun?: boolean; json?: boolean; progress: boolean; queue?: boolean }) => {
      if (opts.queue) return queueRun(opts);
      const summary = await withContainer((c) =>
        c.services.recommendations.run(SYSTEM, { model: opts.model, users: opts.user, top: opts.top, dryRun: opts.dryRun, onProgress: phaseProgress(opts.progress) }),
      );
      if (opts.json) printJson(summary);
      else printRun(summary);
    });
  cmd
    .command('eval')
    .description('Offline evaluation: per user the last 20% of plays are held out; Recall, NDCG and coverage per model next to popularity')
    .option('-k <n>', 'list length evaluated', integerOption(1, 1000), 20)
    .option('--json', 'print the report as JSON')
    .option('--no-progress', 'no progress lines on stderr')
    .action(async (opts: { k: number; json?: boolean; progress: boolean }) => {
      const report = await withContainer((c) => c.services.recommendations.evaluate(SYSTEM, { k: opts.k, onProgress: phaseProgress(opts.progress) }));
      if (opts.json) printJson(report);
      else printEval(report);
    });
  cmd
    .command('synth')
    .description('Write a synthetic dataset (genres, artists, tracks, listeners, plays, likes, ratings, follows) for evaluation and benchmarks')
    .requiredOption('--users <n>', 'listeners', integerOption(1, 100_000_000))
    .requiredOption('--tracks <n>', 'tracks', integerOption(1, 100_000_000))
    .requiredOption('--plays <n>', 'plays', integerOption(1, 1_000_000_000))
    .option('--seed <n>', 'random seed; the same seed makes the same data', integerOption(0, 2 ** 31 - 1), 1)
    .option('--json', 'print the counts as JSON')
    .option('--no-progress', 'no progress lines on stderr')
    .addHelpText('after', examples('rhythmo recommend synth --users 100000 --tracks 50000 --plays 5000000 --seed 7'))
    .action(async (opts: { users: number; tracks: number; plays: number; seed: number; json?: boolean; progress: boolean }) => {
      const started = Date.now();
      const counts = await withContainer((c) =>
        c.services.recommendations.synthesize(SYSTEM, { users: opts.users, tracks: opts.tracks, plays: opts.plays, seed: opts.seed, onProgress: phaseProgress(opts.progress) }),
      );
      if (opts.json) printJson(counts);
      else {
        console.log(formatTable(Object.entries(counts), [{ header: 'table', value: ([k]) => k }, { header: 'rows', value: ([, v]) => v }]));
        console.log(`Done in ${seconds(Date.now() - started)}.`);
      }
    });
  return cmd;
}
