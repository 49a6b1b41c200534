import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createHash, hash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile, fileTypeFromBuffer } from 'file-type';
import { parseBuffer, parseFromTokenizer } from 'music-metadata';
import { fromFile } from 'strtok3';
import { InvalidError, UnsupportedMediaError } from '../../shared/errors.js';
import { normalizeTags } from './tags.js';
import { stageBytes } from './storage.js';
import { sniffAudio } from './sniff.js';
import { bytesSource, checkAudioIntegrity, fileSource } from './audio-integrity.js';
import type { ProbedAudio } from './media.types.js';

/** Containers we accept, decided from the bytes (sniffAudio for the common ones, else file-type); the name and the declared type are ignored. */
const AUDIO: Record<string, { ext: string; mimeType: string; containers: RegExp; codecs?: RegExp }> = {
  mp3: { ext: 'mp3', mimeType: 'audio/mpeg', containers: /^MPEG$/i, codecs: /layer 3/i },
  flac: { ext: 'flac', mimeType: 'audio/flac', containers: /^FLAC$/i },
  ogg: { ext: 'ogg', mimeType: 'audio/ogg', containers: /^Ogg$/i, codecs: /^Vorbis/i },
  opus: { ext: 'opus', mimeType: 'audio/ogg; codecs=opus', containers: /^Ogg$/i, codecs: /^Opus$/i },
  m4a: { ext: 'm4a', mimeType: 'audio/mp4', containers: /^(M4A|isom|mp42|MP4)/i, codecs: /AAC|ALAC/i },
  mp4: { ext: 'm4a', mimeType: 'audio/mp4', containers: /^(M4A|isom|mp42|MP4)/i, codecs: /AAC|ALAC/i },
  aac: { ext: 'aac', mimeType: 'audio/aac', containers: /^ADTS/i },
  wav: { ext: 'wav', mimeType: 'audio/wav', containers: /^WAVE$/i },
};

export const IMAGE_TYPES: Record<string, { ext: string; mimeType: string }> = {
  'image/jpeg': { ext: 'jpg', mimeType: 'image/jpeg' },
  'image/png': { ext: 'png', mimeType: 'image/png' },
  'image/webp': { ext: 'webp', mimeType: 'image/webp' },
  'image/gif': { ext: 'gif', mimeType: 'image/gif' },
};

export const MIME_BY_EXT: Record<string, string> = {
  ...Object.fromEntries(Object.values(AUDIO).map((a) => [a.ext, a.mimeType])),
  ...Object.fromEntries(Object.values(IMAGE_TYPES).map((i) => [i.ext, i.mimeType])),
};

export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(filePath), hash);
  return hash.digest('hex');
}

const int = (n: number | undefined): number | null => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : null);

/** What music-metadata is asked for, wherever the bytes come from (the import benchmark's baseline uses it too). */
export const PARSE_OPTIONS = { duration: true, skipCovers: false } as const;

/**
 * What the file is and what it says about itself. Not audio at all (or a container we do not
 * play) -> UnsupportedMediaError; audio that cannot be read through (empty, truncated) -> InvalidError.
 * `data`: the file's bytes, already read (the importer reads a file once to hash, probe and store it).
 */
export async function probeAudio(filePath: string, opts: { sha256?: string; data?: Uint8Array } = {}): Promise<ProbedAudio> {
  const { data } = opts;
  const size = data ? data.length : (await fsp.stat(filePath)).size;
  if (size === 0) throw new InvalidError('The file is empty', [{ path: 'file', message: 'is empty' }]);
  const detected = (data && sniffAudio(data)) || (await (data ? fileTypeFromBuffer(data) : fileTypeFromFile(filePath)).catch(() => undefined));
  const kind = detected ? AUDIO[detected.ext] : undefined;
  if (!detected || !kind) {
    throw new UnsupportedMediaError(`Not a supported audio file${detected ? ` (looks like ${detected.mime})` : ''}: MP3, FLAC, Ogg Vorbis, Opus, AAC/M4A or WAV`);
  }
  let meta;
  try {
    // The parser is chosen by the type the bytes show, not by the file's name: a FLAC file named
    // .mp3 is read as the FLAC it is, not refused as a damaged MP3.
    meta = data ? await parseBuffer(data, { path: filePath, size, mimeType: detected.mime }, PARSE_OPTIONS) : await parseFileAs(filePath, detected.mime);
  } catch {
    throw new InvalidError('The audio file cannot be read; it may be truncated or damaged', [{ path: 'file', message: 'unreadable' }]);
  }
  const { format } = meta;
  const durationMs = int((format.duration ?? 0) * 1000);
  if (!format.hasAudio || !durationMs || !format.sampleRate || !format.container || !kind.containers.test(format.container)) {
    throw new InvalidError('The audio file cannot be read; it may be truncated or damaged', [{ path: 'file', message: 'unreadable' }]);
  }
  if (kind.codecs && !kind.codecs.test(format.codec ?? '')) {
    throw new UnsupportedMediaError(`Unsupported codec ${format.codec ?? 'unknown'} in ${format.container}`);
  }
  if (format.hasVideo) throw new UnsupportedMediaError('Video files are not accepted');
  const source = data ? bytesSource(data) : fileSource(filePath, size);
  try {
    await checkAudioIntegrity(kind.ext, { ...format, durationMs }, source);
  } finally {
    await source.close();
  }
  const sha256 = opts.sha256 ?? (await sha256OfFile(filePath));
  const cover = meta.common.picture?.find((p) => /front/i.test(p.type ?? '')) ?? meta.common.picture?.[0];
  return {
    audio: {
      ext: kind.ext,
      mimeType: kind.mimeType,
      codec: format.codec ? format.codec.slice(0, 32) : null,
      bitrate: int(format.bitrate),
      sampleRate: int(format.sampleRate),
      channels: int(format.numberOfChannels),
      sizeBytes: size,
      sha256,
      durationMs,
    },
    tags: normalizeTags(meta.common, meta.native),
    ...(cover?.data?.length ? { picture: { data: cover.data, mime: cover.format } } : {}),
  };
}

/** music-metadata's parseFile, with the parser chosen by `mimeType` (parseFile itself goes by the extension). */
async function parseFileAs(filePath: string, mimeType: string) {
  const tokenizer = await fromFile(filePath);
  try {
    tokenizer.fileInfo.mimeType = mimeType;
    return await parseFromTokenizer(tokenizer, PARSE_OPTIONS);
  } finally {
    await tokenizer.close();
  }
}

/** Files smaller than this are read whole, once, then hashed, probed and stored from the same bytes; larger ones are streamed. */
export const READ_WHOLE_BELOW = 8 * 1024 * 1024;
/** Smaller files are read with one blocking call: a fraction of the CPU of a trip through libuv's pool, and well under a millisecond. */
const READ_BLOCKING_BELOW = 1024 * 1024;

export interface ReadAndProbed {
  sha256: string;
  /**
   * The file's bytes; null once they are staged (`staged`), and for a file of READ_WHOLE_BELOW
   * or more (hashed and parsed from its path, stored by copying it).
   */
  data: Uint8Array | null;
  /** The staged copy (see `stageIn`), durable, for the storage's commitTemps. */
  staged?: string;
  probed: ProbedAudio;
}

/**
 * A file to import, read once: its content hash, what probeAudio finds in it, and its bytes,
 * so the caller stores it without reading it again; with `stageIn` (a storage's stagingDir),
 * audio it accepts is staged there instead of handed back (`onStaged` runs once its bytes are
 * written, before they are made durable). Errors are probeAudio's, or the file system's (with
 * their `code`) when the file cannot be read or staged.
 */
export async function readAndProbe(filePath: string, sizeBytes: number, opts: { stageIn?: string; onStaged?: () => void } = {}): Promise<ReadAndProbed> {
  const data = sizeBytes < READ_BLOCKING_BELOW ? fs.readFileSync(filePath) : sizeBytes < READ_WHOLE_BELOW ? await fsp.readFile(filePath) : null;
  const sha256 = data ? hash('sha256', data, 'hex') : await sha256OfFile(filePath);
  const probed = await probeAudio(filePath, { sha256, ...(data ? { data } : {}) });
  if (!data || !opts.stageIn) return { sha256, data, probed };
  // The picture is a view into the bytes the caller no longer gets: a copy of its own, made
  // first, so nothing holds the bytes once they are written and only the fsync is awaited.
  const picture = probed.picture ? { ...probed.picture, data: probed.picture.data.slice() } : undefined;
  const read = { sha256, data: null, probed: { ...probed, ...(picture ? { picture } : {}) } };
  const staged = await stageBytes(opts.stageIn, data, opts.onStaged);
  return { ...read, staged };
}

/** The image type from its first bytes; null for anything we do not serve. */
export async function imageTypeOf(head: Uint8Array): Promise<{ ext: string; mimeType: string } | null> {
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  return (detected && IMAGE_TYPES[detected.mime]) ?? null;
}

export async function imageTypeOfFile(filePath: string): Promise<{ ext: string; mimeType: string } | null> {
  const detected = await fileTypeFromFile(filePath).catch(() => undefined);
  return (detected && IMAGE_TYPES[detected.mime]) ?? null;
}
