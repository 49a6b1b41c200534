/** What file-type answers: the extension and MIME type the bytes show. */
export interface Detected {
  ext: string;
  mime: string;
}

const at = (b: Uint8Array, offset: number, text: string): boolean => {
  for (let i = 0; i < text.length; i += 1) if (b[offset + i] !== text.charCodeAt(i)) return false;
  return true;
};

/**
 * file-type's answer for the audio an import meets by the thousand (MP3 and FLAC behind their
 * ID3 tags, Ogg Vorbis, Opus, WAV, M4A), read off the first bytes as file-type reads them, for
 * a small part of its CPU: it tries a few hundred signatures before it gets to an MPEG frame.
 * Undefined for anything else or anything unsure; file-type then decides. test/unit/sniff.test.ts
 * holds every answer to file-type's own for the same bytes.
 */
export function sniffAudio(b: Uint8Array): Detected | undefined {
  let start = 0;
  // ID3v2 tags are skipped as file-type skips them: header, then the size it gives (syncsafe).
  while (at(b, start, 'ID3')) {
    if (b.length < start + 10) return undefined;
    const size = (b[start + 9]! & 0x7f) | (b[start + 8]! << 7) | (b[start + 7]! << 14) | (b[start + 6]! << 21);
    start += 10 + size;
  }
  if (b.length < start + 36) return undefined;
  if (at(b, start, 'fLaC')) return { ext: 'flac', mime: 'audio/flac' };
  if (start > 0) return mpegFrame(b, start);
  if (at(b, 0, 'OggS')) {
    if (at(b, 28, 'OpusHead')) return { ext: 'opus', mime: 'audio/ogg; codecs=opus' };
    if (at(b, 28, '\x01vorbis')) return { ext: 'ogg', mime: 'audio/ogg' };
    return undefined;
  }
  if (at(b, 0, 'RIFF') && at(b, 8, 'WAVE')) return { ext: 'wav', mime: 'audio/wav' };
  if (at(b, 4, 'ftypM4A ')) return { ext: 'm4a', mime: 'audio/x-m4a' };
  return mpegFrame(b, start);
}

/** An MPEG audio frame header: layer III (MP3) or ADTS (AAC), as file-type's scanMpeg tells them. */
function mpegFrame(b: Uint8Array, offset: number): Detected | undefined {
  if (b[offset] !== 0xff || (b[offset + 1]! & 0xe0) !== 0xe0) return undefined;
  const second = b[offset + 1]!;
  if ((second & 0x16) === 0x10) return { ext: 'aac', mime: 'audio/aac' };
  if ((second & 0x06) === 0x02) return { ext: 'mp3', mime: 'audio/mpeg' };
  return undefined;
}
