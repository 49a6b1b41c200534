/** A minimal ID3v2.3 writer: enough to give copies of one MP3 their own text tags (and so their own hashes). */

const synchsafe = (n: number) => Buffer.from([(n >>> 21) & 0x7f, (n >>> 14) & 0x7f, (n >>> 7) & 0x7f, n & 0x7f]);

function textFrame(id: string, text: string): Buffer {
  // Encoding 1: UTF-16 with a byte order mark, so any title survives.
  const body = Buffer.concat([Buffer.from([1, 0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const header = Buffer.alloc(10);
  header.write(id, 0, 'ascii');
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** The MPEG frames of an MP3, without its ID3v2 header or ID3v1 trailer. */
export function stripTags(mp3: Buffer): Buffer {
  let start = 0;
  if (mp3.subarray(0, 3).toString('latin1') === 'ID3') {
    const size = ((mp3[6]! & 0x7f) << 21) | ((mp3[7]! & 0x7f) << 14) | ((mp3[8]! & 0x7f) << 7) | (mp3[9]! & 0x7f);
    start = 10 + size + (mp3[5]! & 0x10 ? 10 : 0);
  }
  let end = mp3.length;
  if (end - start > 128 && mp3.subarray(end - 128, end - 125).toString('latin1') === 'TAG') end -= 128;
  return mp3.subarray(start, end);
}

export interface Id3Tags {
  title: string;
  artist: string;
  album: string;
  albumArtist: string;
  track: number;
  year: number;
  genre: string;
}

export function withTags(audio: Buffer, tags: Id3Tags): Buffer {
  const frames = Buffer.concat([
    textFrame('TIT2', tags.title),
    textFrame('TPE1', tags.artist),
    textFrame('TALB', tags.album),
    textFrame('TPE2', tags.albumArtist),
    textFrame('TRCK', String(tags.track)),
    textFrame('TYER', String(tags.year)),
    textFrame('TCON', tags.genre),
  ]);
  const header = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([3, 0, 0]), synchsafe(frames.length)]);
  return Buffer.concat([header, frames, audio]);
}
