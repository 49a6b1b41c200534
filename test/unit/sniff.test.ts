import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { sniffAudio } from '../../src/modules/media/sniff.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';

const files = fs
  .readdirSync(AUDIO_FIXTURES, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.join(e.parentPath, e.name));

const id3 = (size: number): Buffer => Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]);
const flac = fs.readFileSync(files.find((f) => f.endsWith('.flac') && fs.statSync(f).size > 0)!);
const ogg = fs.readFileSync(files.find((f) => f.endsWith('01.ogg'))!);
const mp3 = fs.readFileSync(files.find((f) => f.endsWith('01 - Dawn Chorus.mp3'))!);

/** Bytes file-type must be asked about, or told apart as it tells them: near misses of each signature. */
const edgeCases: [string, Buffer][] = [
  ['FLAC behind an ID3 tag', Buffer.concat([id3(100), Buffer.alloc(100), flac])],
  ['an ID3 tag bigger than the file', Buffer.concat([id3(1_000_000), mp3.subarray(0, 5000)])],
  ['an ID3 tag followed by an Ogg page', Buffer.concat([id3(20), Buffer.alloc(20), ogg])],
  ['two ID3 tags before the frames', Buffer.concat([id3(30), Buffer.alloc(30), id3(10), Buffer.alloc(10), Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(400)])],
  ['an Ogg page of another codec', Buffer.concat([ogg.subarray(0, 28), Buffer.from('\x80theora'), ogg.subarray(35)])],
  ['an MPEG layer II frame', Buffer.concat([Buffer.from([0xff, 0xfd, 0x90, 0x64]), Buffer.alloc(400)])],
  ['an ADTS (AAC) frame', Buffer.concat([Buffer.from([0xff, 0xf1, 0x50, 0x80]), Buffer.alloc(400)])],
  ['a UTF-16 byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello world, this is text', 'utf16le')])],
  ['an MP4 video', Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), Buffer.alloc(400)])],
  ['a RIFF that is not WAVE', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('AVI LIST'), Buffer.alloc(400)])],
  ['too short to tell', mp3.subarray(0, 20)],
  ['nothing', Buffer.alloc(0)],
];

describe('sniffAudio (file-type for the common audio containers, cheaper)', () => {
  it.each(files.map((f) => [path.relative(AUDIO_FIXTURES, f), f]))('answers as file-type does, or leaves it to file-type: %s', async (_name, file) => {
    const bytes = fs.readFileSync(file);
    const sniffed = sniffAudio(bytes);
    if (sniffed) expect(sniffed).toEqual(pick(await fileTypeFromBuffer(bytes)));
  });

  it.each(edgeCases)('answers as file-type does, or leaves it to file-type: %s', async (_name, bytes) => {
    const sniffed = sniffAudio(bytes);
    if (sniffed) expect(sniffed).toEqual(pick(await fileTypeFromBuffer(bytes)));
  });

  it('answers itself for each kind of audio of the library (MP3, FLAC, Ogg Vorbis, Opus, WAV, M4A)', () => {
    const library = files.filter((f) => f.includes(`${path.sep}library${path.sep}`) && !f.endsWith('.png'));
    const kinds = new Set(library.map((f) => sniffAudio(fs.readFileSync(f))?.ext));
    expect([...kinds].sort()).toEqual(['flac', 'm4a', 'mp3', 'ogg', 'opus', 'wav']);
    const edge = (name: string) => sniffAudio(edgeCases.find(([n]) => n.startsWith(name))![1])?.ext;
    expect([edge('FLAC behind an ID3'), edge('two ID3 tags'), edge('an ADTS')]).toEqual(['flac', 'mp3', 'aac']);
  });

  it('leaves what it does not know to file-type: an Ogg of another codec, an MPEG layer II frame, an MP4 video, a PNG', () => {
    expect(sniffAudio(edgeCases.find(([n]) => n.startsWith('an Ogg page of another'))![1])).toBeUndefined();
    expect(sniffAudio(edgeCases.find(([n]) => n.startsWith('an MPEG layer II'))![1])).toBeUndefined();
    expect(sniffAudio(edgeCases.find(([n]) => n.startsWith('an MP4 video'))![1])).toBeUndefined();
    expect(sniffAudio(fs.readFileSync(files.find((f) => f.endsWith('.png'))!))).toBeUndefined();
  });
});

const pick = (t: { ext: string; mime: string } | undefined) => (t ? { ext: t.ext, mime: t.mime } : undefined);
