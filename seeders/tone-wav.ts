import fs from 'node:fs/promises';

const SAMPLE_RATE = 16_000;

/** Equal temperament from a MIDI note number (69 = A4 = 440 Hz). */
const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

/**
 * A short melody as a valid 16-bit mono PCM WAV: each note a sine with a little second
 * harmonic and a soft attack and release, so the demo tracks really play (and sound like
 * something) without shipping binary files. The same notes always give the same bytes, so
 * seeding twice finds the same content hashes.
 */
export function toneWav(notes: number[], seconds: number): Buffer {
  const total = Math.round(seconds * SAMPLE_RATE);
  const perNote = Math.floor(total / notes.length);
  const data = Buffer.alloc(total * 2);
  for (let i = 0; i < total; i += 1) {
    const index = Math.min(notes.length - 1, Math.floor(i / perNote));
    const t = (i - index * perNote) / SAMPLE_RATE;
    const noteLength = perNote / SAMPLE_RATE;
    const f = hz(notes[index]!);
    const envelope = Math.min(1, t / 0.02) * Math.min(1, (noteLength - t) / 0.08);
    const sample = (Math.sin(2 * Math.PI * f * t) * 0.8 + Math.sin(4 * Math.PI * f * t) * 0.2) * envelope * 0.5;
    data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, sample)) * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export async function writeToneWav(filePath: string, notes: number[], seconds: number): Promise<void> {
  await fs.writeFile(filePath, toneWav(notes, seconds));
}
