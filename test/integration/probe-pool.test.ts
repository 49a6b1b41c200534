import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ProbePool, probeAudio, readAndProbe } from '../../src/modules/media/index.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';

const audioFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(mp3|flac|ogg|opus|m4a|wav)$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));

/**
 * The worker as npm run build bundles it (bin/bundle-worker.js, with music-metadata's tag
 * mapper shared by its parses), made afresh into a folder of its own.
 */
function bundleWorker(): { script: URL; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-bundle-'));
  const out = path.join(dir, 'probe-worker.bundle.js');
  const run = spawnSync(process.execPath, ['bin/bundle-worker.js', out], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bin/bundle-worker.js failed: ${run.stderr}`);
  return { script: pathToFileURL(out), dir };
}

// Reads only: the pool never writes, so the shared fixtures are probed where they are.
describe.each([
  ['from the sources', () => ({ script: undefined, dir: undefined })],
  ['bundled, as the build runs it', bundleWorker],
])('ProbePool (readAndProbe on worker threads), the worker %s', (_name, worker) => {
  let pool: ProbePool;
  let script: URL | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    ({ script, dir } = worker());
    pool = await ProbePool.start(2, { script });
  });
  afterAll(async () => {
    await pool.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds in every library fixture exactly what readAndProbe finds in-process: hash, bytes, audio, tags, picture', async () => {
    const files = audioFiles(path.join(AUDIO_FIXTURES, 'library'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      const expected = await readAndProbe(file, bytes.length);
      const got = await pool.readAndProbe(file, bytes.length);
      expect(got.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(got.sha256).toBe(expected.sha256);
      expect(Buffer.from(got.data!).equals(bytes)).toBe(true);
      expect(got.probed.audio).toEqual(expected.probed.audio);
      expect(got.probed.tags).toEqual(expected.probed.tags);
      expect(got.probed.picture?.mime).toBe(expected.probed.picture?.mime);
      if (expected.probed.picture) expect(Buffer.from(got.probed.picture!.data).equals(Buffer.from(expected.probed.picture.data))).toBe(true);
    }
  });

  it('stages what it accepts in the folder it is given, durable, and hands back no bytes (the picture is its own copy)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-stage-'));
    try {
      const file = path.join(AUDIO_FIXTURES, 'library/Nova Lights/Aurora (2021)/02 - Polar Drift.mp3');
      const bytes = fs.readFileSync(file);
      const got = await pool.readAndProbe(file, bytes.length, { stageIn: dir });
      expect(got.data).toBeNull();
      expect(path.dirname(got.staged!)).toBe(dir);
      expect(fs.readFileSync(got.staged!).equals(bytes)).toBe(true);
      expect(got.probed.picture?.mime).toBe('image/jpeg');
      expect(got.probed.picture!.data.buffer.byteLength).toBe(got.probed.picture!.data.length);
      // A file it refuses leaves nothing behind.
      const bad = audioFiles(path.join(AUDIO_FIXTURES, 'bad'))[0]!;
      await expect(pool.readAndProbe(bad, fs.statSync(bad).size, { stageIn: dir })).rejects.toThrow();
      expect(fs.readdirSync(dir)).toEqual([path.basename(got.staged!)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the same tags in every fixture the second time round: the parses of a thread share nothing that changes', async () => {
    const files = audioFiles(path.join(AUDIO_FIXTURES, 'library'));
    const expected = await Promise.all(files.map((f) => probeAudio(f)));
    for (let round = 0; round < 2; round += 1) {
      const got = await Promise.all(files.map((f) => pool.readAndProbe(f, fs.statSync(f).size)));
      expect(got.map((g) => g.probed.tags)).toEqual(expected.map((e) => e.tags));
    }
  });

  it('agrees with probeAudio on what it finds', async () => {
    const file = audioFiles(path.join(AUDIO_FIXTURES, 'library'))[0]!;
    const { sha256, probed } = await pool.readAndProbe(file, fs.statSync(file).size);
    expect(probed).toEqual(await probeAudio(file, { sha256 }));
  });

  it('refuses each bad fixture with the same kind of error and message as in-process', async () => {
    for (const file of audioFiles(path.join(AUDIO_FIXTURES, 'bad'))) {
      const size = fs.statSync(file).size;
      const expected = await readAndProbe(file, size).then(() => null, (err: Error) => err);
      const got = await pool.readAndProbe(file, size).then(() => null, (err: Error) => err);
      expect(expected).not.toBeNull();
      expect(got?.constructor.name).toBe(expected!.constructor.name);
      expect(got?.message).toBe(expected!.message);
    }
  });

  it('keeps the code of a file system error, so the import reports it in plain words', async () => {
    const err = await pool.readAndProbe(path.join(AUDIO_FIXTURES, 'no-such-file.mp3'), 10).then(() => null, (e: NodeJS.ErrnoException) => e);
    expect(err?.code).toBe('ENOENT');
  });

  it('answers files sent at once, each with its own result', async () => {
    const files = audioFiles(path.join(AUDIO_FIXTURES, 'library'));
    const results = await Promise.all(files.map((f) => pool.readAndProbe(f, fs.statSync(f).size)));
    const expected = await Promise.all(files.map((f) => probeAudio(f)));
    expect(results.map((r) => r.probed.audio.durationMs)).toEqual(expected.map((e) => e.audio.durationMs));
    expect(results.map((r) => r.sha256)).toEqual(expected.map((e) => e.audio.sha256));
  });

  it('replaces a thread that dies; files sent meanwhile wait for the replacement instead of failing', async () => {
    const single = await ProbePool.start(1, { script });
    try {
      const file = audioFiles(path.join(AUDIO_FIXTURES, 'library'))[0]!;
      const size = fs.statSync(file).size;
      const expected = await readAndProbe(file, size);
      // As if the parser had crashed the thread.
      await (single as unknown as { threads: { worker: { terminate(): Promise<number> } }[] }).threads[0]!.worker.terminate();
      const after = await single.readAndProbe(file, size);
      expect(after.probed.audio).toEqual(expected.probed.audio);
    } finally {
      await single.close();
    }
  });
});
