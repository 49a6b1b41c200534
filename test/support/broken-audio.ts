import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Files that look like audio and are not: a FLAC header declaring 21 minutes over random bytes,
 * and real fixtures cut short. Built in `dir` from the fixtures under `audioDir` (a copy of
 * test/fixtures/audio).
 */
export function brokenAudio(audioDir: string, dir: string): Record<string, { file: string; reason: RegExp }> {
  fs.mkdirSync(dir, { recursive: true });
  const lib = (rel: string) => path.join(audioDir, 'library', rel);
  const cut = (name: string, source: string, keep: (size: number) => number) => {
    const bytes = fs.readFileSync(source);
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes.subarray(0, keep(bytes.length)));
    return file;
  };
  return {
    'fake-21min.flac': { file: fakeFlac(path.join(dir, 'fake-21min.flac'), 21 * 60), reason: /too small|no audio frames|cut short/i },
    'cut.wav': { file: cut('cut.wav', lib('Various Artists/Night Drive/04.wav'), () => 2000), reason: /cut short/i },
    'cut.mp3': { file: cut('cut.mp3', path.join(audioDir, 'long/long-60s.mp3'), (n) => Math.round(n / 10)), reason: /cut short/i },
    'cut.flac': { file: cut('cut.flac', lib('Кино Тишины/Северный ветер/02 Лёд.flac'), (n) => Math.round(n * 0.6)), reason: /cut short/i },
  };
}

/** `fLaC`, a STREAMINFO block (44.1 kHz, stereo, 16 bit, `seconds` long), then 16 random bytes: 42 bytes. */
export function fakeFlac(file: string, seconds: number): string {
  const b = Buffer.alloc(42);
  b.write('fLaC', 0, 'latin1');
  b.writeUInt32BE(0x80000000 + 34, 4); // last metadata block, STREAMINFO, 34 bytes
  b.writeUInt16BE(4096, 8);
  b.writeUInt16BE(4096, 10);
  const total = BigInt(44100 * seconds);
  b.writeBigUInt64BE((44100n << 44n) | (1n << 41n) | (15n << 36n) | total, 18);
  randomBytes(16).copy(b, 26);
  fs.writeFileSync(file, b);
  return file;
}

/**
 * `source` behind an ID3v2.3 tag of Latin-1 text frames (TIT2 title, TPE1 artist, TALB album...),
 * written to `file`: tags with whatever characters a test needs, control characters included.
 */
export function withId3(source: string, file: string, frames: Record<string, string>): string {
  const body = Buffer.concat(
    Object.entries(frames).map(([id, text]) => {
      const data = Buffer.concat([Buffer.from([0]), Buffer.from(text, 'latin1')]);
      const head = Buffer.alloc(10);
      head.write(id, 0, 'latin1');
      head.writeUInt32BE(data.length, 4);
      return Buffer.concat([head, data]);
    }),
  );
  const n = body.length;
  const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, (n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
  fs.writeFileSync(file, Buffer.concat([header, body, fs.readFileSync(source)]));
  return file;
}
