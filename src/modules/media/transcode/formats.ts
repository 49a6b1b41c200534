/** What a client may ask a stream for: an encoding, or `raw` for the stored file as it is. */
export const STREAM_FORMATS = ['mp3', 'opus', 'ogg', 'aac', 'raw'] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];
export type Encoding = Exclude<StreamFormat, 'raw'>;

/** The bitrates (kbps) a client may ask for; each encoding is further clamped to what its encoder takes. */
export const MIN_KBPS = 32;
export const MAX_KBPS = 320;

interface EncodingSpec {
  /** What Chromium's and Firefox's <audio> play: Ogg for Opus and Vorbis, ADTS for AAC. */
  mimeType: string;
  ext: string;
  defaultKbps: number;
  maxKbps: number;
  /** ffmpeg's output options for this encoding at `kbps`. */
  args(kbps: number): string[];
}

export const ENCODINGS: Record<Encoding, EncodingSpec> = {
  mp3: { mimeType: 'audio/mpeg', ext: 'mp3', defaultKbps: 192, maxKbps: 320, args: (k) => ['-c:a', 'libmp3lame', '-b:a', `${k}k`, '-f', 'mp3'] },
  opus: { mimeType: 'audio/ogg', ext: 'opus', defaultKbps: 128, maxKbps: 256, args: (k) => ['-c:a', 'libopus', '-b:a', `${k}k`, '-f', 'ogg'] },
  // libvorbis refuses many bitrate targets outright (above ~240k for mono, below ~48k at 96 kHz):
  // its quality scale takes any input, so the asked bitrate picks the quality whose nominal rate fits.
  ogg: { mimeType: 'audio/ogg', ext: 'ogg', defaultKbps: 192, maxKbps: 320, args: (k) => ['-c:a', 'libvorbis', '-q:a', String(vorbisQuality(k)), '-f', 'ogg'] },
  aac: { mimeType: 'audio/aac', ext: 'aac', defaultKbps: 192, maxKbps: 320, args: (k) => ['-c:a', 'aac', '-b:a', `${k}k`, '-f', 'adts'] },
};

/** libvorbis's nominal stereo 44.1 kHz bitrates (kbps) for qualities 0 to 9; below the first, quality -1. */
const VORBIS_NOMINAL_KBPS = [64, 80, 96, 112, 128, 160, 192, 224, 256, 320];

/** The highest Vorbis quality whose nominal bitrate is at most `kbps`. */
export function vorbisQuality(kbps: number): number {
  let q = -1;
  for (const [i, nominal] of VORBIS_NOMINAL_KBPS.entries()) if (nominal <= kbps) q = i;
  return q;
}

/** The encoding a stored file already is, from its content key's extension (decided from its bytes at upload). */
const ENCODING_OF_EXT: Record<string, Encoding> = { mp3: 'mp3', opus: 'opus', ogg: 'ogg', aac: 'aac' };

export interface StreamWish {
  format?: StreamFormat;
  /** 0 or absent: no limit. */
  maxBitRateKbps?: number;
  /** Start this many seconds in (transcodes only: an original is sent whole, with ranges). */
  timeOffsetSeconds?: number;
}

export interface AudioFacts {
  key: string;
  /** Bits per second, as probed; null when unknown. */
  bitrate: number | null;
}

export type StreamPlan = { kind: 'original' } | { kind: 'transcode'; encoding: Encoding; kbps: number; offsetSeconds: number };

/**
 * Whether the stored file answers the wish as it is, and if not which encoding does. The original
 * is sent untouched when nothing asks otherwise, when `raw` is asked, or when it already is the
 * asked encoding within the asked bitrate. A bitrate limit without a format keeps the original's
 * encoding when it has one we encode, else gives MP3 (what Subsonic clients expect).
 */
export function planStream(file: AudioFacts, wish: StreamWish): StreamPlan {
  if (wish.format === 'raw') return { kind: 'original' };
  const limit = wish.maxBitRateKbps ?? 0;
  const own = ENCODING_OF_EXT[file.key.slice(file.key.lastIndexOf('.') + 1)];
  const ownKbps = file.bitrate ? Math.round(file.bitrate / 1000) : null;
  const withinLimit = limit === 0 || (ownKbps !== null && ownKbps <= limit);
  const offset = wish.timeOffsetSeconds ?? 0;
  if (offset === 0) {
    if (!wish.format && withinLimit) return { kind: 'original' };
    if (wish.format === own && withinLimit) return { kind: 'original' };
  }
  const encoding = wish.format ?? own ?? 'mp3';
  const spec = ENCODINGS[encoding];
  const kbps = Math.min(spec.maxKbps, Math.max(MIN_KBPS, limit || spec.defaultKbps));
  return { kind: 'transcode', encoding, kbps, offsetSeconds: offset };
}
