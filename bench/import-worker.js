/**
 * One import run in its own process (so its peak RSS is its own), from the build as `npx
 * rhythmo import` runs: the same container and ImportService the command uses. Plain JavaScript,
 * so no TypeScript loader runs in the measured process. Prints a JSON line on stdout.
 *
 *   node bench/import-worker.js <dir> [concurrency] [threads]
 *
 * BENCH_JIT=default leaves V8's JIT as it is, to measure what the command's tuneJitForBatch() is worth.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../dist/src/config/index.js';
import { createContainer } from '../dist/src/container.js';
import { SYSTEM } from '../dist/src/shared/actor.js';
import { tuneJitForBatch } from '../dist/cli/batch-jit.js';

const [dir, concurrency, threads] = [process.argv[2], Number(process.argv[3] ?? 8), Number(process.argv[4] ?? 0)];
// As the import command does before it starts.
if (process.env.BENCH_JIT !== 'default') tuneJitForBatch();
const container = createContainer(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }));
try {
  await container.db.migrate();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await container.services.imports.run(SYSTEM, { paths: [dir], concurrency, threads });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  for (const f of report.files) if (f.status === 'failed') process.stderr.write(`failed: ${f.path}: ${f.reason}\n`);
  process.stdout.write(`${JSON.stringify({ summary: report.summary, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
} finally {
  await container.close();
}
