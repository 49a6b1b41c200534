/**
 * Recommendation benchmark on PostgreSQL: synthetic data (100k users, 50k tracks, 5M plays
 * by default), the offline evaluation, the run's computation (read, item-item, ALS, scoring)
 * at all, 50k and 25k users, then a run with writes on a sample of users to measure the
 * write throughput of the one output transaction.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/rhythmo_bench npm run bench:recommend
 *   npm run bench:recommend -- --reuse        # keep the data already there
 *   npm run bench:recommend -- --users 20000 --tracks 10000 --plays 1000000 --write-users 2000
 *   npm run bench:recommend -- --reuse --write-only --write-users 2000   # the write phase alone
 *
 * Targets (issue 7): a whole run within 5 minutes and 2 GB; item-item Recall@20 at least 2.5x
 * popularity's; catalog coverage at least 10%.
 */
import 'reflect-metadata';
import { loadConfig } from '../src/config/index.js';
import { createContainer } from '../src/container.js';
import { createLogger } from '../src/shared/logger.js';
import { SYSTEM } from '../src/shared/actor.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const users = opt('users', 100_000);
const tracks = opt('tracks', 50_000);
const plays = opt('plays', 5_000_000);
const seed = opt('seed', 7);
const reuse = args.includes('--reuse');
// only the sampled run with writes: for measuring the write phase in a few minutes
const writeOnly = args.includes('--write-only');
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rhythmo_bench';
if (!url.startsWith('postgres')) throw new Error('the benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...');

const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'production', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123' });
const c = createContainer(config, { logger: createLogger('warn') });
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Peak resident memory of this process (worker threads included) while fn runs. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t0 = Date.now();
  try {
    const value = await fn();
    return { value, ms: Date.now() - t0, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

let lastPhase = '';
const progress = (phase: string, done: number, total: number) => {
  if (phase !== lastPhase || done === total) log(`  ${phase} ${done}/${total}`);
  lastPhase = phase;
};

try {
  if (!reuse) {
    log(`resetting ${url.replace(/\/\/[^@]*@/, '//')} and writing ${users} users, ${tracks} tracks, ${plays} plays (seed ${seed})...`);
    await c.db.reset();
    const synth = await measured(() => c.services.recommendations.synthesize(SYSTEM, { users, tracks, plays, seed, onProgress: (t, d, n) => d === n && log(`  ${t} ${d}`) }));
    log(`synth: ${s(synth.ms)}`);
  } else {
    await c.db.migrate();
  }
  // The evaluation first (it writes nothing), then the compute phases at three sizes, then the write.
  if (!writeOnly) {
    await evaluation();
    await computation();
  }

  const sample = Math.min(users, opt('write-users', 5000));
  log(`run with writes for ${sample} users...`);
  const w = await measured(() => c.services.recommendations.run(SYSTEM, { model: 'hybrid', limitUsers: sample < users ? sample : undefined, onProgress: progress }));
  const wc = w.value.counts;
  const written = wc.recommendations! + wc.similarities! + wc.playlists! + wc.playlistTracks!;
  const perUser = (wc.recommendations! + wc.playlists! + wc.playlistTracks!) / sample;
  const fullRows = perUser * users + tracks * 50;
  const rate = written / (w.value.timings.writeMs! / 1000);
  console.log(
    [
      `### Writing (one transaction), sampled on the first ${sample.toLocaleString('en')} users`,
      '',
      `${written.toLocaleString('en')} rows (${wc.recommendations!.toLocaleString('en')} recommendations, ${wc.similarities!.toLocaleString('en')} similar-track rows, ` +
        `${wc.playlists!.toLocaleString('en')} playlists, ${wc.playlistTracks!.toLocaleString('en')} playlist entries) in ${s(w.value.timings.writeMs!)}: ${Math.round(rate).toLocaleString('en')} rows/s; ` +
        `whole run ${s(w.ms)}, peak RSS ${mb(w.peak)}. A full run writes about ${Math.round(fullRows / 1e6)}M rows: about ${s((fullRows / rate) * 1000)} at this rate.`,
    ].join('\n'),
  );
} finally {
  await c.close();
}

async function evaluation() {
  log('evaluating...');
  const ev = await measured(() => c.services.recommendations.evaluate(SYSTEM, { onProgress: progress }));
  const base = ev.value.models.find((m) => m.model === 'popular')!;
  const knn = ev.value.models.find((m) => m.model === 'knn')!;
  console.log(
    [
      `### Offline evaluation (${ev.value.holdout}; ${ev.value.users.toLocaleString('en')} users, ${s(ev.ms)})`,
      '',
      '| model | Recall@20 | NDCG@20 | coverage | Recall vs popularity |',
      '|---|---:|---:|---:|---:|',
      ...ev.value.models.map((m) => `| ${m.model} | ${m.recall.toFixed(4)} | ${m.ndcg.toFixed(4)} | ${(m.coverage * 100).toFixed(1)}% | ${(m.recall / base.recall).toFixed(2)}x |`),
      '',
      `- item-item Recall@20 ${(knn.recall / base.recall).toFixed(2)}x popularity (target >= 2.5x): ${knn.recall >= 2.5 * base.recall ? 'met' : 'NOT met'}`,
      `- item-item catalog coverage ${(knn.coverage * 100).toFixed(1)}% (target >= 10%): ${knn.coverage >= 0.1 ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
}

async function computation() {
  const sizes = [users, 50_000, 25_000].filter((n, i, a) => n <= users && a.indexOf(n) === i);
  const rows: string[] = [];
  for (const n of sizes) {
    log(`run (computation only) with ${n} users...`);
    const r = await measured(() => c.services.recommendations.run(SYSTEM, { model: 'hybrid', limitUsers: n < users ? n : undefined, dryRun: true, onProgress: progress }));
    const t = r.value.timings;
    rows.push(`| ${n.toLocaleString('en')} | ${r.value.counts.interactions!.toLocaleString('en')} | ${s(t.readMs!)} | ${s(t.knnMs!)} | ${s(t.alsMs!)} | ${s(t.scoreMs!)} | ${s(t.readMs! + t.knnMs! + t.alsMs! + t.scoreMs!)} | ${mb(r.peak)} |`);
    log(rows[rows.length - 1]!);
  }
  console.log(
    [
      `### Run computation (hybrid) on PostgreSQL, ${users.toLocaleString('en')} users / ${tracks.toLocaleString('en')} tracks / ${plays.toLocaleString('en')} plays`,
      '',
      '| users | interactions | read | item-item | ALS | score | total | peak RSS |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.reverse(),
      '',
    ].join('\n'),
  );
}
