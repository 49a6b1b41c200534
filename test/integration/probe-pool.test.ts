import fs from 'node:fs';
import path from 'node:path';
import { ProbePool, probeAudio } from '../../src/modules/media/index.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';

const audioFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(mp3|flac|ogg|opus|m4a|wav)$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));

// Reads only: the pool never writes, so the shared fixtures are probed where they are.
describe('ProbePool (probeAudio on worker threads)', () => {
  let pool: ProbePool;
  beforeAll(async () => {
    pool = await ProbePool.start(2);
  });
  afterAll(() => pool.close());

  it('finds in every library fixture exactly what probeAudio finds in-process, from the path or from the bytes', async () => {
    const files = audioFiles(path.join(AUDIO_FIXTURES, 'library'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const data = fs.readFileSync(file);
      const expected = await probeAudio(file, { sha256: 'a'.repeat(64), data });
      const fromBytes = await pool.probeAudio(file, { sha256: 'a'.repeat(64), data });
      const fromPath = await pool.probeAudio(file, { sha256: 'a'.repeat(64) });
      expect(fromBytes.audio).toEqual(expected.audio);
      expect(fromBytes.tags).toEqual(expected.tags);
      expect(fromPath.audio).toEqual(expected.audio);
      expect(fromBytes.picture?.data.length).toBe(expected.picture?.data.length);
      if (expected.picture) expect(Buffer.from(fromBytes.picture!.data).equals(Buffer.from(expected.picture.data))).toBe(true);
    }
  });

  it('refuses each bad fixture with the same kind of error and message as probeAudio', async () => {
    for (const file of audioFiles(path.join(AUDIO_FIXTURES, 'bad'))) {
      const data = fs.readFileSync(file);
      const expected = await probeAudio(file, { sha256: 'b'.repeat(64), data }).then(() => null, (err: Error) => err);
      const got = await pool.probeAudio(file, { sha256: 'b'.repeat(64), data }).then(() => null, (err: Error) => err);
      expect(expected).not.toBeNull();
      expect(got?.constructor.name).toBe(expected!.constructor.name);
      expect(got?.message).toBe(expected!.message);
    }
  });

  it('answers files sent at once, each with its own result', async () => {
    const files = audioFiles(path.join(AUDIO_FIXTURES, 'library'));
    const results = await Promise.all(files.map((f) => pool.probeAudio(f, { sha256: 'c'.repeat(64) })));
    const expected = await Promise.all(files.map((f) => probeAudio(f, { sha256: 'c'.repeat(64) })));
    expect(results.map((r) => r.audio.durationMs)).toEqual(expected.map((e) => e.audio.durationMs));
  });

  it('replaces a thread that dies; files sent meanwhile wait for the replacement instead of failing', async () => {
    const single = await ProbePool.start(1);
    try {
      const file = audioFiles(path.join(AUDIO_FIXTURES, 'library'))[0]!;
      const expected = await probeAudio(file, { sha256: 'd'.repeat(64) });
      // As if the parser had crashed the thread.
      await (single as unknown as { threads: { worker: { terminate(): Promise<number> } }[] }).threads[0]!.worker.terminate();
      const after = await single.probeAudio(file, { sha256: 'd'.repeat(64) });
      expect(after.audio).toEqual(expected.audio);
    } finally {
      await single.close();
    }
  });
});
