import fsp from 'node:fs/promises';
import { InvalidError } from '../../shared/errors.js';

/** The bytes of a file to check, read where they are: already in memory, or on disk. */
export interface ByteSource {
  size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export function bytesSource(data: Uint8Array): ByteSource {
  return { size: data.length, read: async (offset, length) => data.subarray(offset, offset + length), close: async () => undefined };
}

export function fileSource(filePath: string, size: number): ByteSource {
  let handle: Promise<fsp.FileHandle> | undefined;
  return {
    size,
    async read(offset, length) {
      handle ??= fsp.open(filePath, 'r');
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await (await handle).read(buf, 0, buf.length, offset);
      return buf.subarray(0, bytesRead);
    },
    async close() {
      if (handle) await (await handle).close();
    },
  };
}

/** What the parser read from the file's headers: its claims, which the bytes must back. */
export interface DeclaredFormat {
  durationMs: number;
  codec?: string;
  codecProfile?: string;
  sampleRate?: number;
  numberOfSamples?: number;
}

/**
 * The fewest bytes a second of each codec takes in a real file. Generous on purpose: they are
 * there to catch headers that declare minutes over a few bytes, not low-quality encodes.
 * MPEG layer III frames cannot go below 8 kbit/s; AAC and Vorbis silence can come close to it,
 * so they get half. Opus silence is smaller still. Lossless codecs compress digital silence to a
 * few bytes a frame (about 1 kbit/s for FLAC), so their floor is the lowest of all.
 */
const FLOOR_BYTES_PER_SECOND: Record<string, number> = { mp3: 1000, aac: 500, m4a: 500, ogg: 500, opus: 250, flac: 32, alac: 32 };

/** How far short of its declared length a file may be before it counts as cut (rounding in encoders' headers). */
const SLACK = 0.97;

const fail = (message: string, why: string): never => {
  throw new InvalidError(`${message}; it may be truncated or damaged`, [{ path: 'file', message: why }]);
};

const clock = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * Refuses audio whose bytes cannot back what its headers declare: a file too small for its
 * duration at the codec's lowest plausible bitrate, one with no audio frame where its audio
 * starts, or one cut short of the length its container declares. `ext`: probe.ts's type.
 */
export async function checkAudioIntegrity(ext: string, format: DeclaredFormat, src: ByteSource): Promise<void> {
  const floorKey = ext === 'm4a' && /alac/i.test(format.codec ?? '') ? 'alac' : ext;
  const floor = FLOOR_BYTES_PER_SECOND[floorKey];
  if (floor && src.size < (format.durationMs / 1000) * floor) {
    fail(`The file is too small for its declared length: ${src.size} bytes cannot hold ${clock(format.durationMs)} of ${format.codec ?? ext} audio`, 'too small for its declared duration');
  }
  if (ext === 'wav') await checkWav(format, src);
  else if (ext === 'flac') await checkFlac(src);
  else if (ext === 'mp3') await checkMp3(format, src);
  else if (ext === 'm4a') await checkBoxes(src);
}

const u32le = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16)) + b[i + 3]! * 0x1000000;
const u32be = (b: Uint8Array, i: number) => b[i]! * 0x1000000 + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/** RIFF/WAVE: the data chunk must fit in the file, and hold the duration at the format's byte rate. */
async function checkWav(format: DeclaredFormat, src: ByteSource): Promise<void> {
  let byteRate = 0;
  for (let pos = 12; pos + 8 <= src.size; ) {
    const head = await src.read(pos, 16);
    const id = ascii(head, 0, 4);
    const size = u32le(head, 4);
    if (id === 'fmt ' && head.length >= 16) byteRate = u32le(await src.read(pos + 16, 4), 0);
    if (id === 'data') {
      const held = src.size - (pos + 8);
      // 0 and 0xFFFFFFFF: a writer that streamed and never went back to fill in the size.
      if (size !== 0 && size !== 0xffffffff && held < size * SLACK) fail(`The audio file is cut short: it declares ${size} bytes of audio and holds ${held}`, 'cut short');
      if (byteRate > 0 && held < (format.durationMs / 1000) * byteRate * SLACK) fail(`The audio file is cut short: ${held} bytes cannot hold ${clock(format.durationMs)} of audio`, 'cut short');
      return;
    }
    pos += 8 + size + (size & 1);
  }
  fail('The file has no audio data', 'no audio data');
}

/** MPEG layer III: a LAME/Xing header's byte count, and a constant-bitrate file's frames, must reach the declared duration. */
async function checkMp3(format: DeclaredFormat, src: ByteSource): Promise<void> {
  if (format.codecProfile === 'CBR' && format.numberOfSamples && format.sampleRate && format.numberOfSamples / format.sampleRate < (format.durationMs / 1000) * SLACK) {
    fail(`The audio file is cut short: it holds ${clock((format.numberOfSamples / format.sampleRate) * 1000)} of the ${clock(format.durationMs)} it declares`, 'cut short');
  }
  let start = 0;
  for (let id3 = await src.read(0, 10); ascii(id3, 0, 3) === 'ID3' && id3.length === 10; id3 = await src.read(start, 10)) {
    start += 10 + ((id3[9]! & 0x7f) | ((id3[8]! & 0x7f) << 7) | ((id3[7]! & 0x7f) << 14) | ((id3[6]! & 0x7f) << 21));
  }
  const head = await src.read(start, 4096);
  let frame = -1;
  for (let i = 0; i + 1 < head.length; i += 1) {
    if (head[i] === 0xff && (head[i + 1]! & 0xe0) === 0xe0) {
      frame = i;
      break;
    }
  }
  if (frame < 0) return;
  // The tag sits after the side information, whose length depends on the version and channels.
  for (let i = frame + 4; i < Math.min(head.length - 16, frame + 48); i += 1) {
    const tag = ascii(head, i, 4);
    if (tag !== 'Xing' && tag !== 'Info') continue;
    const flags = u32be(head, i + 4);
    if (!(flags & 2)) return;
    const bytes = u32be(head, i + 8 + (flags & 1 ? 4 : 0));
    // Compared with the whole file: some encoders count the ID3 tag in, some do not.
    if (bytes > 0 && src.size < bytes * SLACK) fail(`The audio file is cut short: its header declares ${bytes} bytes of audio and the file holds ${src.size}`, 'cut short');
    return;
  }
}

/** MP4/M4A: no top-level box may reach past the end of the file. */
async function checkBoxes(src: ByteSource): Promise<void> {
  for (let pos = 0; pos + 8 <= src.size; ) {
    const head = await src.read(pos, 16);
    let size = u32be(head, 0);
    if (size === 0) return;
    if (size === 1) size = head.length >= 16 ? u32be(head, 8) * 0x100000000 + u32be(head, 12) : Infinity;
    if (size < 8) fail('The audio file is damaged: a box of its container has an impossible size', 'damaged');
    if (pos + size > src.size) fail(`The audio file is cut short: its "${ascii(head, 4, 4)}" box needs ${size} bytes and ${src.size - pos} are left`, 'cut short');
    pos += size;
  }
}

interface FlacStreamInfo {
  sampleRate: number;
  maxBlock: number;
  maxFrame: number;
  channels: number;
  totalSamples: number;
}

/** FLAC: a frame must follow the metadata, and the last frame found near the end must hold the last declared sample. */
async function checkFlac(src: ByteSource): Promise<void> {
  let info: FlacStreamInfo | undefined;
  let pos = 4;
  for (;;) {
    const head = await src.read(pos, 4);
    if (head.length < 4) fail('The file has no audio frames after its header', 'no audio frames');
    const length = (head[1]! << 16) | (head[2]! << 8) | head[3]!;
    if ((head[0]! & 0x7f) === 0) info = streamInfo(await src.read(pos + 4, 34));
    pos += 4 + length;
    if (head[0]! & 0x80) break;
  }
  const first = await src.read(pos, 32);
  if (!info || !flacFrameAt(first, 0, info)) fail('The file has no audio frames after its header', 'no audio frames');
  if (!info!.totalSamples) return;
  const { totalSamples } = info!;
  // The last frame starts at most a frame's length before the end, give or take a trailing tag.
  const span = Math.min(src.size - pos, (info!.maxFrame || 1024 * 1024) + 64 * 1024);
  const tail = await src.read(src.size - span, span);
  for (let i = tail.length - 2; i >= 0; i -= 1) {
    if (tail[i] !== 0xff || (tail[i + 1]! & 0xfe) !== 0xf8) continue;
    const frame = flacFrameAt(tail, i, info!);
    if (frame && frame.firstSample < totalSamples && frame.firstSample + frame.blockSize >= totalSamples) return;
  }
  fail(`The audio file is cut short: its frames end before the ${clock((totalSamples / (info!.sampleRate || 1)) * 1000)} it declares`, 'cut short');
}

function streamInfo(b: Uint8Array): FlacStreamInfo | undefined {
  if (b.length < 34) return undefined;
  return {
    sampleRate: (b[10]! << 12) | (b[11]! << 4) | (b[12]! >> 4),
    maxBlock: (b[2]! << 8) | b[3]!,
    maxFrame: (b[7]! << 16) | (b[8]! << 8) | b[9]!,
    channels: ((b[12]! >> 1) & 7) + 1,
    totalSamples: (b[13]! & 0x0f) * 0x100000000 + u32be(b, 14),
  };
}

const CRC8 = Uint8Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  return c;
});

/**
 * A FLAC frame header at `i`, checked down to its CRC-8 (random bytes pass by chance about once
 * in sixteen million places), with the samples it covers.
 */
function flacFrameAt(b: Uint8Array, i: number, info: FlacStreamInfo): { firstSample: number; blockSize: number } | null {
  if (i + 6 > b.length || b[i] !== 0xff || (b[i + 1]! & 0xfe) !== 0xf8) return null;
  const variable = b[i + 1]! & 1;
  const bsCode = b[i + 2]! >> 4;
  const srCode = b[i + 2]! & 0x0f;
  const chCode = b[i + 3]! >> 4;
  const ssCode = (b[i + 3]! >> 1) & 7;
  if (bsCode === 0 || srCode === 15 || chCode > 10 || ssCode === 3 || b[i + 3]! & 1) return null;
  if ((chCode < 8 ? chCode + 1 : 2) !== info.channels) return null;
  // The frame (or sample) number, UTF-8 coded up to 36 bits.
  let j = i + 4;
  const lead = b[j]!;
  let extra = 0;
  while (extra < 7 && lead & (0x80 >> extra)) extra += 1;
  if (extra === 1 || extra === 7) return null;
  let number = extra === 0 ? lead : lead & (0xff >> (extra + 1));
  const bytes = extra === 0 ? 1 : extra;
  if (j + bytes > b.length) return null;
  for (let k = 1; k < bytes; k += 1) {
    const c = b[j + k]!;
    if ((c & 0xc0) !== 0x80) return null;
    number = number * 64 + (c & 0x3f);
  }
  j += bytes;
  let blockSize: number;
  if (bsCode === 1) blockSize = 192;
  else if (bsCode <= 5) blockSize = 576 << (bsCode - 2);
  else if (bsCode === 6) blockSize = (b[j++] ?? 0) + 1;
  else if (bsCode === 7) {
    blockSize = (((b[j] ?? 0) << 8) | (b[j + 1] ?? 0)) + 1;
    j += 2;
  } else blockSize = 256 << (bsCode - 8);
  if (srCode === 12) j += 1;
  else if (srCode === 13 || srCode === 14) j += 2;
  if (j >= b.length) return null;
  let crc = 0;
  for (let k = i; k < j; k += 1) crc = CRC8[crc ^ b[k]!]!;
  if (crc !== b[j]) return null;
  return { firstSample: variable ? number : number * info.maxBlock, blockSize };
}
