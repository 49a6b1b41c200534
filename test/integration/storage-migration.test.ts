import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createTestContext, type TestContext } from '../support/context.js';
import { copyAudioFixtures, storedFiles } from '../support/media.js';
import { startS3, type TestS3 } from '../support/s3.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { ForbiddenError, InvalidError } from '../../src/shared/errors.js';
import { LocalDiskStorage, S3Storage, StorageMigrationService, type MigratedKey } from '../../src/modules/media/index.js';
import { createS3Client } from '../../src/modules/media/s3-client.js';

// The library served from local disk, copied to an S3-protocol server (s3rver) and back.

let s3: TestS3;
let ctx: TestContext;
let fixtures: ReturnType<typeof copyAudioFixtures>;
/** What the database points at: every stored file, by key, with its bytes' hash. */
let library: Map<string, string>;

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const migration = () => ctx.container.services.storageMigration;
const bucket = () => new S3Storage(s3.settings, path.join(ctx.config.mediaDir, '.tmp'));
async function bytesOf(storage: S3Storage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of storage.open(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  s3 = await startS3();
  fixtures = copyAudioFixtures();
  // Served from local disk; the bucket is configured, as it is while an operator moves a library.
  const { STORAGE: _local, ...bucketSettings } = s3.env;
  ctx = await createTestContext(bucketSettings);
  const report = await ctx.container.services.imports.run(SYSTEM, { paths: [path.join(fixtures.dir, 'library')], concurrency: 2 });
  expect(report.summary.failed).toBe(0);
  library = new Map(storedFiles(ctx).filter((f) => !f.startsWith('.tmp')).map((key) => [key, sha(fs.readFileSync(path.join(ctx.config.mediaDir, key)))]));
  // Audio and covers both: the migration is about every file a row names.
  expect([...library.keys()].some((k) => k.startsWith('images/'))).toBe(true);
  expect(library.size).toBeGreaterThan(8);
});
afterAll(async () => {
  await ctx.close();
  await s3.close();
  fixtures.remove();
});

describe('StorageMigrationService', () => {
  it('lets only admins and the system move the library, and says so when no bucket is configured', async () => {
    await expect(migration().migrate(userActor('00000000-0000-4000-8000-000000000001', 'artist'), { to: 's3' })).rejects.toBeInstanceOf(ForbiddenError);
    const none = new StorageMigrationService({
      keys: { referencedKeys: async function* () {} },
      drivers: () => ({ local: new LocalDiskStorage(ctx.config.mediaDir), s3: null }),
      clock: { now: () => new Date() },
    });
    await expect(none.migrate(SYSTEM, { to: 's3' })).rejects.toBeInstanceOf(InvalidError);
    expect(await s3.keys()).toEqual([]);
  });

  it('counts on a dry run and copies nothing', async () => {
    const { summary } = await migration().migrate(SYSTEM, { to: 's3', dryRun: true });
    expect(summary).toMatchObject({ from: 'local', to: 's3', dryRun: true, total: library.size, planned: library.size, copied: 0, missing: 0, failed: 0 });
    expect(await s3.keys()).toEqual([]);
  });

  it('stops when interrupted and goes on from there when run again, every copy checked against its key', async () => {
    const stop = new AbortController();
    const seen: MigratedKey[] = [];
    const first = await migration().migrate(SYSTEM, { to: 's3', concurrency: 1, signal: stop.signal }, {
      onKey: (outcome, done) => {
        seen.push(outcome);
        if (done === 3) stop.abort();
      },
    });
    expect(first.summary).toMatchObject({ interrupted: true, copied: 3, present: 0, failed: 0 });
    expect(await s3.keys()).toEqual(seen.map((o) => o.key).sort());

    const second = await migration().migrate(SYSTEM, { to: 's3' });
    expect(second.summary).toMatchObject({ interrupted: false, total: library.size, copied: library.size - 3, present: 3, missing: 0, failed: 0 });
    expect(await s3.keys()).toEqual([...library.keys()].sort());
    const store = bucket();
    for (const [key, hash] of library) expect(sha(await bytesOf(store, key))).toBe(hash);
    // Nothing left on the way: the temp area is empty.
    expect(storedFiles(ctx).filter((f) => f.startsWith('.tmp'))).toEqual([]);
  });

  it('copies again an object whose bytes are wrong, even at the right size', async () => {
    const [key] = [...library.keys()].filter((k) => k.startsWith('audio/'));
    const size = fs.statSync(path.join(ctx.config.mediaDir, key!)).size;
    await createS3Client(s3.settings).send(new PutObjectCommand({ Bucket: s3.settings.bucket, Key: key!, Body: Buffer.alloc(size, 0x55) }));
    const { summary } = await migration().migrate(SYSTEM, { to: 's3' });
    expect(summary).toMatchObject({ copied: 1, present: library.size - 1, failed: 0 });
    expect(sha(await bytesOf(bucket(), key!))).toBe(library.get(key!));
  });

  it('moves the library back to an empty local disk, and reports files neither side holds', async () => {
    for (const key of library.keys()) fs.rmSync(path.join(ctx.config.mediaDir, key));
    const back = await migration().migrate(SYSTEM, { to: 'local' });
    expect(back.summary).toMatchObject({ from: 's3', to: 'local', total: library.size, copied: library.size, missing: 0, failed: 0 });
    for (const [key, hash] of library) expect(sha(fs.readFileSync(path.join(ctx.config.mediaDir, key)))).toBe(hash);

    // Gone from the source but already in the target: nothing to do. Gone from both: reported.
    const lost = [...library.keys()].find((k) => k.startsWith('images/'))!;
    await bucket().delete([lost]);
    expect((await migration().migrate(SYSTEM, { to: 'local' })).summary).toMatchObject({ present: library.size, missing: 0 });
    fs.rmSync(path.join(ctx.config.mediaDir, lost));
    const again = await migration().migrate(SYSTEM, { to: 'local' });
    expect(again.summary).toMatchObject({ missing: 1, present: library.size - 1, copied: 0 });
    expect(again.problems).toEqual([{ key: lost, status: 'missing' }]);
  });

  it('refuses to copy bytes that do not match their key, and leaves the target without them', async () => {
    const key = [...library.keys()].filter((k) => k.startsWith('audio/'))[1]!;
    const file = path.join(ctx.config.mediaDir, key);
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0x2a));
    await bucket().delete([key]);
    const { summary, problems } = await migration().migrate(SYSTEM, { to: 's3' });
    // (The image lost from both sides above is still missing.)
    expect(summary).toMatchObject({ failed: 1, missing: 1, copied: 0 });
    expect(problems).toContainEqual({ key, status: 'failed', reason: expect.stringMatching(/source's bytes do not match their key/) });
    expect(await s3.keys()).not.toContain(key);
  });
});
