import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { toneWav } from '../../seeders/tone-wav.js';
import { cliDatabase, copyFixtures, runCli, spawnCli, storedFiles, type CliDatabase } from '../support/cli.js';
import { startS3, type TestS3 } from '../support/s3.js';
import { S3Storage, type MigrationReport } from '../../src/modules/media/index.js';

const SLOW = 600_000;
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The fixtures plus 40 untagged WAVs: enough files for a copy to be killed half-way through. */
function buildLibrary(root: string): void {
  for (let a = 1; a <= 4; a += 1) {
    const dir = path.join(root, 'generated', `Tone Artist ${a}`, `Album (202${a})`);
    fs.mkdirSync(dir, { recursive: true });
    for (let n = 1; n <= 10; n += 1) {
      const base = 30 + a * 11 + n; // distinct for every file, so no two share a hash
      fs.writeFileSync(path.join(dir, `${String(n).padStart(2, '0')} - Song ${a}${n}.wav`), toneWav([base, base + 4, base + 7], 2));
    }
  }
}

/** Starts a migration and kills it with SIGKILL once the bucket holds `after` objects; false if it finished first. */
async function killMidway(args: string[], env: Record<string, string>, s3: TestS3, after: number): Promise<boolean> {
  const child = spawnCli(args, env);
  let done = false;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  void exited.then(() => (done = true));
  while (!done && (await s3.keys()).length < after) await new Promise((r) => setTimeout(r, 10));
  const killed = !done;
  child.kill('SIGKILL');
  await exited;
  return killed;
}

describe('rhythmo storage migrate', () => {
  let db: CliDatabase;
  let s3: TestS3;
  let audio: { dir: string; remove(): void };
  /** Every stored file and its hash, as the import left them on local disk. */
  let library: Map<string, string>;
  let withBucket: Record<string, string>;

  beforeAll(async () => {
    [db, s3] = [await cliDatabase('s3'), await startS3()];
    audio = copyFixtures();
    buildLibrary(audio.dir);
    const imported = await runCli(['import', path.join(audio.dir, 'library'), path.join(audio.dir, 'generated'), '--no-progress'], db.env);
    expect(imported.code).toBe(0);
    const mediaDir = path.join(db.dataDir, 'media');
    library = new Map(storedFiles(mediaDir).map((key) => [key, sha(path.join(mediaDir, key))]));
    expect(library.size).toBeGreaterThan(40);
    const { STORAGE: _driver, ...bucket } = s3.env;
    withBucket = { ...db.env, ...bucket };
  }, SLOW);
  afterAll(async () => {
    await db.drop();
    await s3.close();
    audio.remove();
  });

  it('refuses to run without a bucket or with an unknown driver (exit code 2)', async () => {
    const none = await runCli(['storage', 'migrate', '--to', 's3'], db.env);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/S3_BUCKET/);
    const unknown = await runCli(['storage', 'migrate', '--to', 'ftp'], withBucket);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/ftp/);
    expect(await s3.keys()).toEqual([]);
  }, SLOW);

  it('copies the library to the bucket, killed half-way and run again, then back to an empty disk', async () => {
    const dry = await runCli(['storage', 'migrate', '--to', 's3', '--dry-run', '--json'], withBucket);
    expect(dry.code).toBe(0);
    expect((JSON.parse(dry.stdout) as MigrationReport).summary).toMatchObject({ total: library.size, planned: library.size, copied: 0 });
    expect(await s3.keys()).toEqual([]);

    const kills: boolean[] = [];
    for (const after of [3, 15]) kills.push(await killMidway(['storage', 'migrate', '--to', 's3', '--no-progress'], withBucket, s3, after));
    expect(kills.some(Boolean)).toBe(true);
    const copiedBefore = (await s3.keys()).length;
    expect(copiedBefore).toBeGreaterThan(0);

    const rerun = await runCli(['storage', 'migrate', '--to', 's3', '--json', '--no-progress'], withBucket);
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    const report = JSON.parse(rerun.stdout) as MigrationReport;
    expect(report.summary).toMatchObject({ total: library.size, missing: 0, failed: 0, interrupted: false });
    // An object appears whole or not at all: whatever the killed runs put there is intact, and kept.
    expect(report.summary.present).toBe(copiedBefore);
    expect(report.summary.present + report.summary.copied).toBe(library.size);
    expect(await s3.keys()).toEqual([...library.keys()].sort());

    // Served from the bucket now; the local copies go, and the way back restores every byte.
    const mediaDir = path.join(db.dataDir, 'media');
    fs.rmSync(mediaDir, { recursive: true, force: true });
    const back = await runCli(['storage', 'migrate', '--to', 'local'], { ...withBucket, STORAGE: 's3' });
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(new RegExp(`${library.size} files from s3 to local: copied ${library.size} \\(`));
    expect(back.stdout).toMatch(/Set STORAGE=local and restart/);
    for (const [key, hash] of library) expect(sha(path.join(mediaDir, key))).toBe(hash);
    expect(storedFiles(mediaDir)).toEqual([...library.keys()].sort());

    const again = await runCli(['storage', 'migrate', '--to', 'local', '--json'], withBucket);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as MigrationReport).summary).toMatchObject({ present: library.size, copied: 0 });
  }, SLOW);

  it('lists what it could not copy and exits 1', async () => {
    const mediaDir = path.join(db.dataDir, 'media');
    const key = [...library.keys()].find((k) => k.startsWith('audio/'))!;
    fs.rmSync(path.join(mediaDir, key));
    // In neither place any more: reported, named, and the exit code says so.
    await new S3Storage(s3.settings, path.join(mediaDir, '.tmp')).delete([key]);
    const res = await runCli(['storage', 'migrate', '--to', 'local'], withBucket);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(key);
    expect(res.stdout).toMatch(/in neither s3 nor local storage/);
    expect(res.stdout).toMatch(new RegExp(`already there ${library.size - 1}, missing 1, failed 0`));
    expect(res.stderr).toMatch(/1 of \d+ files are not in the target/);
  }, SLOW);
});
