import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { LocalDiskStorage, S3Storage, contentKey, stageBytes, type Storage } from '../../src/modules/media/index.js';
import { startS3, type TestS3 } from '../support/s3.js';

/** What every driver promises, run against the local disk and against an S3-protocol server. */

let work: string;
let s3: TestS3;
beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-drivers-'));
  s3 = await startS3();
});
afterAll(async () => {
  await s3.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const entries = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
const read = async (storage: Storage, key: string, range?: { start: number; end: number }): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of storage.open(key, range)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
const opened = (stream: NodeJS.ReadableStream) =>
  new Promise<void>((resolve, reject) => {
    stream.once('ready', resolve);
    stream.once('error', reject);
  });

type Driver = { storage: Storage; tempDir: string };
let tempDirs = 0;
const drivers: [string, () => Driver][] = [
  [
    'local disk',
    () => {
      const storage = new LocalDiskStorage(fs.mkdtempSync(path.join(work, 'media-')));
      return { storage, tempDir: storage.tempDir };
    },
  ],
  [
    's3',
    () => {
      // One bucket for the file: each test keeps apart by its own bytes (keys are their hashes).
      const tempDir = path.join(work, `s3-tmp-${(tempDirs += 1)}`);
      return { storage: new S3Storage(s3.settings, tempDir), tempDir };
    },
  ],
];

describe.each(drivers)('%s storage', (name, make) => {
  let storage: Storage;
  let tempDir: string;
  beforeEach(() => ({ storage, tempDir } = make()));
  const unique = (text: string) => Buffer.from(`${name}: ${text}`);

  it('writes through a temp file that becomes the object under its key, and leaves no temp file', async () => {
    const data = unique('hello audio');
    const key = contentKey('audio', sha(data), 'mp3');
    expect(await storage.stat(key)).toBeNull();
    const temp = await storage.writeTemp();
    fs.writeFileSync(temp.path, data);
    await storage.commitTemp(temp.path, key);
    expect(fs.existsSync(temp.path)).toBe(false);
    const stat = (await storage.stat(key))!;
    expect(stat.sizeBytes).toBe(data.length);
    expect(Math.abs(stat.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await read(storage, key)).toEqual(data);
    expect(entries(tempDir)).toEqual([]);
  });

  it('reads exact byte ranges', async () => {
    const data = Buffer.from(`0123456789abcdef${name}`);
    const key = contentKey('images', sha(data), 'png');
    await storage.putBytes(key, data);
    expect((await read(storage, key)).toString()).toBe(data.toString());
    expect((await read(storage, key, { start: 3, end: 6 })).toString()).toBe('3456');
    expect((await read(storage, key, { start: 15, end: 15 })).toString()).toBe('f');
  });

  it('opens a missing key as a stream that fails with ENOENT, before any byte', async () => {
    const stream = storage.open(contentKey('audio', sha(unique('never stored')), 'mp3'));
    await expect(opened(stream)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('commits staged files in a batch, each on its own: new, already there, or failed', async () => {
    const [one, two] = [unique('staged one'), unique('staged two')];
    const keyOne = contentKey('audio', sha(one), 'mp3');
    const keyTwo = contentKey('audio', sha(two), 'mp3');
    const staged = [await stageBytes(storage.stagingDir!, one), await stageBytes(storage.stagingDir!, two)];
    const results = await storage.commitTemps([
      { tempPath: staged[0]!, key: keyOne },
      { tempPath: path.join(storage.stagingDir!, 'gone.part'), key: contentKey('audio', sha(unique('gone')), 'mp3') },
      { tempPath: staged[1]!, key: keyTwo },
    ]);
    expect(results[0]).toBe(true);
    expect((results[1] as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(results[2]).toBe(true);
    await storage.syncDirs([keyOne, keyTwo]);
    expect(await read(storage, keyOne)).toEqual(one);
    expect(await read(storage, keyTwo)).toEqual(two);
    // The same bytes again: the key holds them already; nothing new, and the staged file goes.
    expect(await storage.commitTemps([{ tempPath: await stageBytes(storage.stagingDir!, one), key: keyOne }])).toEqual([false]);
    expect(entries(tempDir)).toEqual([]);
    expect(await storage.commitTemps([{ tempPath: path.join(work, 'elsewhere.part'), key: keyOne }])).toEqual([expect.any(Error)]);
  });

  it('refuses keys that are not content keys, and temp files it did not make', async () => {
    for (const key of ['../../etc/passwd', 'audio/ab/../../x.mp3', `audio/zz/${'a'.repeat(64)}.mp3`, 'audio/ab/Nova Lights.mp3']) {
      expect(() => storage.open(key)).toThrow(/content key/);
      await expect(storage.stat(key)).rejects.toThrow(/content key/);
      await expect(storage.putBytes(key, Buffer.from('x'))).rejects.toThrow(/content key/);
    }
    const outside = path.join(work, `outside-${name}.part`);
    fs.writeFileSync(outside, 'x');
    await expect(storage.commitTemp(outside, contentKey('audio', sha('x'), 'mp3'))).rejects.toThrow(/writeTemp/);
    expect(fs.existsSync(outside)).toBe(true);
  });

  it('deletes keys and tolerates missing ones', async () => {
    const data = unique('bye');
    const key = contentKey('audio', sha(data), 'ogg');
    await storage.putBytes(key, data);
    await storage.delete([key, contentKey('audio', sha(unique('never')), 'ogg')]);
    expect(await storage.stat(key)).toBeNull();
  });

  it('sweeps temp files left by a crash but not ones still being written', async () => {
    const old = await storage.writeTemp();
    const fresh = await storage.writeTemp();
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(old.path, hourAgo, hourAgo);
    expect(await storage.sweepTemp()).toBe(1);
    expect(fs.existsSync(old.path)).toBe(false);
    expect(fs.existsSync(fresh.path)).toBe(true);
    await storage.discardTemp(fresh.path);
    expect(entries(tempDir)).toEqual([]);
  });
});

describe('S3Storage', () => {
  const storage = () => new S3Storage(s3.settings, path.join(work, 's3-own'));

  it('checks that its bucket answers, and says which bucket where when it does not', async () => {
    await expect(storage().check()).resolves.toBeUndefined();
    const missing = new S3Storage({ ...s3.settings, bucket: 'no-such-bucket' }, path.join(work, 's3-own'));
    await expect(missing.check()).rejects.toThrow(`The bucket "no-such-bucket" at ${s3.settings.endpoint} cannot be used: it does not exist`);
    const unreachable = new S3Storage({ ...s3.settings, endpoint: 'http://127.0.0.1:9' }, path.join(work, 's3-own'));
    await expect(unreachable.check()).rejects.toThrow(/The bucket "rhythmo-media" at http:\/\/127.0.0.1:9 cannot be used: .*ECONNREFUSED/);
  });

  it('deletes with a Content-MD5, which S3-compatible stores that predate CRC32 checksums require', async () => {
    // A stand-in store that records the request: s3rver accepts either checksum, MinIO before 2025 only MD5.
    const seen: { url?: string; md5?: string; body: string }[] = [];
    const recorder = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url, md5: req.headers['content-md5'] as string | undefined, body });
        res.setHeader('Content-Type', 'application/xml');
        res.end('<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>');
      });
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
      const key = contentKey('audio', sha('to delete'), 'mp3');
      await new S3Storage({ ...s3.settings, endpoint }, path.join(work, 's3-own')).delete([key]);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.url).toMatch(/^\/rhythmo-media\/?\?delete/);
      expect(seen[0]!.body).toContain(key);
      expect(seen[0]!.md5).toBe(createHash('md5').update(seen[0]!.body).digest('base64'));
    } finally {
      recorder.close();
    }
  });

  it('sends a large file in parts and reads any range of it back', async () => {
    // Over the 8 MiB part size: a multipart upload of three parts.
    const data = Buffer.alloc(20 * 1024 * 1024 + 123);
    for (let i = 0; i + 4 <= data.length; i += 4) data.writeUInt32LE(i, i);
    const key = contentKey('audio', sha(data), 'flac');
    const s = storage();
    const temp = await s.writeTemp();
    fs.writeFileSync(temp.path, data);
    await s.commitTemp(temp.path, key);
    expect(await s.stat(key)).toMatchObject({ sizeBytes: data.length });
    expect(sha(await read(s, key))).toBe(sha(data));
    const start = 8 * 1024 * 1024 - 10;
    expect(await read(s, key, { start, end: start + 99 })).toEqual(data.subarray(start, start + 100));
  });

  it('signs a URL that serves the bytes and their ranges with the type of the key, for as long as asked', async () => {
    const data = Buffer.from('signed bytes, served by the store');
    const key = contentKey('audio', sha(data), 'ogg');
    const s = storage();
    await s.putBytes(key, data);
    const url = await s.signedUrl(key, 60);
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(data);
    const part = await fetch(url, { headers: { range: 'bytes=7-11' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('bytes');
    // Valid for what was asked (the test server does not check signatures; real stores do).
    const query = new URL(url).searchParams;
    expect(query.get('X-Amz-Expires')).toBe('60');
    expect(query.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});
