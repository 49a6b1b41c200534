/**
 * Recommendation benchmark on PostgreSQL: synthetic data (100k users, 50k tracks, 5M plays
 * by default), the offline evaluation, then whole runs (read, item-item, ALS, scoring and the
 * write of every output in one transaction) at 25k, 50k and 100k users.
 *
 *   npm run bench:recommend                   # creates/resets DATABASE_URL (default .../rhythmo_bench_recommend)
 *   npm run bench:recommend -- --reuse        # keep the data already there
 *   npm run bench:recommend -- --users 20000 --tracks 10000 --plays 1000000
 *   npm run bench:recommend -- --reuse --skip-eval --sizes 100000   # one whole run at full size
 *
 * Targets (issue 7): a whole run within 5 minutes and 2 GB; item-item Recall@20 at least 2.5x
 * popularity's; catalog coverage at least 10%.
 */
import 'reflect-metadata';
import { loadConfig } from '../src/config/index.js';
import { createContainer } from '../src/container.js';
import { createLogger } from '../src/shared/logger.js';
import { SYSTEM } from '../src/shared/actor.js';
import { ensureBenchDatabase } from './support.js';

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
const skipEval = args.includes('--skip-eval');
const sizesArg = args.indexOf('--sizes');
const sizes = (sizesArg >= 0 ? args[sizesArg + 1]!.split(',').map(Number) : [25_000, 50_000, users]).filter((n, i, a) => n <= users && a.indexOf(n) === i);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rhythmo_bench_recommend';
await ensureBenchDatabase(url);

// A batch run, as `rhythmo recommend` runs it: no per-statement bound.
const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'production', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', DB_STATEMENT_TIMEOUT_MS: '0' });
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
    console.log(`synth: ${s(synth.ms)}, peak RSS ${mb(synth.peak)}\n`);
  } else {
    await c.db.migrate();
  }
  // The evaluation first (it writes nothing), then whole runs, smallest first.
  if (!skipEval) await evaluation();
  await runs();
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

/** Whole runs with their write; a smaller run learns from, and writes for, the first N users only. */
async function runs() {
  const rows: string[] = [];
  const parts: string[] = [];
  for (const n of sizes) {
    log(`whole run with ${n} users...`);
    const r = await measured(() => c.services.recommendations.run(SYSTEM, { model: 'hybrid', limitUsers: n < users ? n : undefined, onProgress: progress }));
    const t = r.value.timings;
    const k = r.value.counts;
    rows.push(
      `| ${n.toLocaleString('en')} | ${k.interactions!.toLocaleString('en')} | ${s(t.readMs!)} | ${s(t.knnMs!)} | ${s(t.alsMs!)} | ${s(t.scoreMs!)} | ${s(t.writeMs!)} | ` +
        `${s(t.totalMs!)} | ${s(r.ms)} | ${mb(r.peak)} |`,
    );
    parts.push(
      `| ${n.toLocaleString('en')} | ${s(t['write.deleteMs']!)} | ${s(t['write.usersMs']!)} | ${s(t['write.similarMs']!)} | ${s(t['write.commitMs']!)} | ` +
        `${k.recommendations!.toLocaleString('en')} | ${k.similarities!.toLocaleString('en')} | ${k.playlists!.toLocaleString('en')} | ${k.playlistTracks!.toLocaleString('en')} |`,
    );
    log(rows[rows.length - 1]!);
  }
  console.log(
    [
      `### Whole run (hybrid) on PostgreSQL, ${users.toLocaleString('en')} users / ${tracks.toLocaleString('en')} tracks / ${plays.toLocaleString('en')} plays`,
      '',
      '| users | interactions | read | item-item | ALS | score | write | run total | wall | peak RSS |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      '#### The write phase (one transaction: delete the previous outputs, insert the new lists, commit)',
      '',
      '| users | delete | users\' lists + mixes | similar lists | commit | recommended tracks | similar tracks | playlists | playlist tracks |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...parts,
      '',
    ].join('\n'),
  );
}
