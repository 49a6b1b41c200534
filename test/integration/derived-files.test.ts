import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Readable } from 'node:stream';
import { CoverArtService, LocalDiskStorage, S3Storage, TranscodeCache, contentKey, type Storage, type StoredFile } from '../../src/modules/media/index.js';
import { createLogger } from '../../src/shared/logger.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { startS3, type TestS3 } from '../support/s3.js';

// Resized covers and finished encodes with STORAGE=s3: what one host made goes to the bucket
// under derived/, and another host with an empty local cache serves it from there.

const logger = createLogger('silent');
let work: string;
let s3: TestS3;
let storage: S3Storage;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-derived-'));
  s3 = await startS3();
  storage = new S3Storage(s3.settings, path.join(work, 'tmp'));
});
afterAll(async () => {
  await s3.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const dir = (name: string) => path.join(work, name);

describe('derived files in the object store', () => {
  it('puts and fetches by name, answers false for a name it lacks, and refuses a name outside its kinds', async () => {
    const source = path.join(work, 'made.bin');
    fs.writeFileSync(source, 'made once');
    const name = `transcodes/ab/${'ab'.repeat(32)}.96k.mp3`;
    await storage.derived.put(name, source);
    expect(await s3.keys()).toContain(`derived/${name}`);
    const target = path.join(dir('fetched'), 'copy.bin');
    expect(await storage.derived.fetch(name, target)).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('made once');
    expect(await storage.derived.fetch(`covers/cd/${'cd'.repeat(32)}-64.jpg`, path.join(dir('fetched'), 'none'))).toBe(false);
    expect(fs.readdirSync(dir('fetched'))).toEqual(['copy.bin']);
    for (const bad of ['audio/ab/x.mp3', `transcodes/ab/../../${'ab'.repeat(32)}.mp3`, `covers/ab/${'ab'.repeat(32)}/../x`]) {
      await expect(storage.derived.put(bad, source)).rejects.toThrow(/Not a derived file name/);
    }
    expect((new LocalDiskStorage(dir('local')) as Storage).derived).toBeUndefined();
  });

  it('a finished encode committed on one host is served from the bucket by another', async () => {
    const name = `${'12'.repeat(32)}.128k.mp3`;
    const onA = new TranscodeCache(dir('transcodes-a'), 10 * 1024 * 1024, logger, storage.derived);
    const onB = new TranscodeCache(dir('transcodes-b'), 10 * 1024 * 1024, logger, storage.derived);
    expect(await onB.lookup(name)).toBeNull();
    const partial = await onA.partialPath(name);
    fs.writeFileSync(partial, Buffer.alloc(5000, 7));
    await onA.commit(partial, name);
    expect(await s3.keys()).toContain(`derived/transcodes/12/${name}`);
    const found = await onB.lookup(name);
    expect(found).toMatchObject({ path: path.join(dir('transcodes-b'), name), sizeBytes: 5000 });
    expect(fs.readFileSync(found!.path).equals(Buffer.alloc(5000, 7))).toBe(true);
    expect(onB.sizeBytes).toBe(5000);
  });

  it('without an object store, encodes stay on the local disk only', async () => {
    const name = `${'34'.repeat(32)}.128k.mp3`;
    const local = new TranscodeCache(dir('transcodes-local'), 10 * 1024 * 1024, logger);
    const partial = await local.partialPath(name);
    fs.writeFileSync(partial, 'local only');
    await local.commit(partial, name);
    expect((await s3.keys()).some((k) => k.includes('34'.repeat(32)))).toBe(false);
    expect(await new TranscodeCache(dir('transcodes-other'), 1024, logger).lookup(name)).toBeNull();
  });

  it('a cover resized on one host is served by another from the bucket, without resizing it again', async () => {
    const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const key = contentKey('images', sha(png), 'png');
    await storage.putBytes(key, png);
    const original: StoredFile = { key, mimeType: 'image/png', sizeBytes: png.length, modifiedAt: new Date(), etag: `"${sha(png)}"` };
    const host = (name: string) => {
      const opened: string[] = [];
      const service = new CoverArtService({
        media: {
          image: async () => original,
          imageByName: async () => original,
          open: (k, range) => {
            opened.push(k);
            return storage.open(k, range);
          },
        },
        avatarKeyOf: async () => null,
        cacheDir: dir(name),
        shared: storage.derived,
        logger,
      });
      return { service, opened };
    };
    const read = async (cover: Awaited<ReturnType<CoverArtService['find']>>) => {
      const chunks: Buffer[] = [];
      for await (const c of ((await cover.source.open()) as { stream: Readable }).stream) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    };
    const a = host('covers-a');
    const b = host('covers-b');
    const name = `${sha(png)}.png`;
    const madeOnA = await read(await a.service.find(SYSTEM, name, 100));
    expect(await sharp(madeOnA).metadata()).toMatchObject({ width: 100, height: 67, format: 'png' });
    expect(a.opened).toEqual([key]);
    expect(await s3.keys()).toContain(`derived/covers/${sha(png).slice(0, 2)}/${sha(png)}-100.png`);
    const servedByB = await b.service.find(SYSTEM, name, 100);
    expect(servedByB.file).toMatchObject({ mimeType: 'image/png', sizeBytes: madeOnA.length, etag: `"${sha(png)}-100"` });
    expect((await read(servedByB)).equals(madeOnA)).toBe(true);
    expect(b.opened).toEqual([]);
  });
});
