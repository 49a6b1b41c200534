/**
 * One import run in its own process (so its peak RSS is its own): the same container and
 * ImportService the `rhythmo import` command uses. Prints a JSON line on stdout.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/index.js';
import { createContainer } from '../src/container.js';
import { SYSTEM } from '../src/shared/actor.js';

const [dir, concurrency] = [process.argv[2]!, Number(process.argv[3] ?? 8)];
const container = createContainer(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }));
try {
  await container.db.migrate();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await container.services.imports.run(SYSTEM, { paths: [dir], concurrency });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  for (const f of report.files) if (f.status === 'failed') process.stderr.write(`failed: ${f.path}: ${f.reason}\n`);
  process.stdout.write(`${JSON.stringify({ summary: report.summary, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
} finally {
  await container.close();
}
