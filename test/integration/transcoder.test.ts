import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { TranscodeCache, Transcoder } from '../../src/modules/media/index.js';
import { encodeArgs } from '../../src/modules/media/transcode/ffmpeg.js';
import { ENCODINGS, MIN_KBPS, type Encoding } from '../../src/modules/media/transcode/formats.js';
import { createLogger } from '../../src/shared/logger.js';
import { copyAudioFixtures } from '../support/media.js';

/*
 * The transcoder with the real ffmpeg. A player that skips away and back at once: the first request leaves (its encode is killed),
 * the second asks for the same encode before the killed one has settled. It must get a whole
 * stream of its own, not the dying encode's truncated bytes or an error.
 */

let fixtures: ReturnType<typeof copyAudioFixtures>;
let dir: string;
let audio: string;
let sha256: string;

beforeAll(() => {
  fixtures = copyAudioFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-transcoder-'));
  audio = path.join(dir, 'long-180s.mp3');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-stream_loop', '2', '-i', path.join(fixtures.dir, 'long/long-60s.mp3'), '-c', 'copy', audio]);
  sha256 = 'a'.repeat(64);
});
afterAll(() => {
  fixtures.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function drain(body: NodeJS.ReadableStream): Promise<number> {
  let n = 0;
  for await (const chunk of body) n += (chunk as Buffer).length;
  return n;
}

it('starts a fresh encode for a request that comes while a left encode is being killed', async () => {
  const transcoder = new Transcoder({ ffmpegPath: 'ffmpeg', cache: new TranscodeCache(path.join(dir, 'cache'), 100 * 2 ** 20, createLogger('silent')), maxConcurrent: 2, logger: createLogger('silent') });
  const input = { sha256, localPath: audio, open: () => fs.createReadStream(audio) };
  const job = { encoding: 'mp3' as const, kbps: 64, offsetSeconds: 0 };

  const first = await transcoder.open(input, job);
  if (first.kind !== 'live') throw new Error('expected a live encode');
  first.body.read();
  first.body.destroy(); // the only listener leaves: ffmpeg is killed

  const second = await transcoder.open(input, job);
  if (second.kind !== 'live') throw new Error('expected a live encode');
  const bytes = await drain(second.body);
  // 180 s at 64 kbit/s is about 1.44 MB; a joined, killed encode ends far short of it (or fails).
  expect(bytes).toBeGreaterThan(1_300_000);
}, 60_000);

describe('every encoding at every bitrate a client may ask for', () => {
  // What real libraries hold besides CD audio: mono speech at low rates, and hi-res stereo.
  const sources = [
    ['mono 8 kHz', 'sine=f=440:d=1:sample_rate=8000', 1],
    ['mono 22.05 kHz', 'sine=f=440:d=1:sample_rate=22050', 1],
    ['mono 44.1 kHz', 'sine=f=440:d=1:sample_rate=44100', 1],
    ['stereo 96 kHz', 'sine=f=440:d=1:sample_rate=96000', 2],
  ] as const;
  const cases = (Object.keys(ENCODINGS) as Encoding[]).flatMap((encoding) =>
    sources.flatMap(([name]) => [MIN_KBPS, ENCODINGS[encoding].maxKbps].map((kbps) => [encoding, name, kbps] as const)),
  );
  const files = new Map<string, string>();
  beforeAll(() => {
    for (const [name, source, channels] of sources) {
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.flac`);
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', source, '-ac', String(channels), file]);
      files.set(name, file);
    }
  });

  it.each(cases)('%s from %s at %i kbps encodes', (encoding, name, kbps) => {
    const args = encodeArgs({ input: files.get(name)!, encoding, kbps, offsetSeconds: 0 });
    const out = execFileSync('ffmpeg', args, { maxBuffer: 64 * 2 ** 20 });
    expect(out.length).toBeGreaterThan(500);
  });
});
